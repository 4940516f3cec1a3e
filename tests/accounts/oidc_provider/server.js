// A real OpenID provider (oidc-provider) for Hallway's single sign-on tests.
//
// Configured by environment: OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI.
// There are no passwords: the login name IS the account. "ada@example.com" signs in with a
// verified address; "unverified:ada@example.com" with one the provider has not verified.
// The login name comes from the authorization request's login_hint (the address the user
// typed into Hallway), or from the one-field form at /interaction/<uid> when there is none.
// Prints "listening <issuer>" once it accepts connections.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT || 0) || 9011;
const issuer = `http://127.0.0.1:${port}`;

function claimsFor(accountId) {
  const unverified = accountId.startsWith('unverified:');
  const email = unverified ? accountId.slice('unverified:'.length) : accountId;
  const local = email.split('@')[0];
  return {
    sub: accountId,
    email,
    email_verified: !unverified,
    given_name: local.charAt(0).toUpperCase() + local.slice(1),
    family_name: 'Tester',
  };
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID || 'hallway',
    client_secret: process.env.OIDC_CLIENT_SECRET || 'hallway-secret',
    redirect_uris: [process.env.OIDC_REDIRECT_URI || 'http://testserver/accounts/sso/callback/'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
  conformIdTokenClaims: false, // put the requested claims into the id_token itself
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => claimsFor(id),
  }),
});
provider.proxy = false;

async function finish(ctx, accountId) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(ctx.req, ctx.res, {
    login: { accountId },
    consent: { grantId },
  }, { mergeWithLastSubmission: false });
  ctx.respond = false;
}

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (!match) return next();
  if (ctx.method === 'POST') {
    const body = await new Promise((resolve) => {
      let data = '';
      ctx.req.on('data', (chunk) => { data += chunk; });
      ctx.req.on('end', () => resolve(new URLSearchParams(data)));
    });
    return finish(ctx, body.get('login') || '');
  }
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.params.login_hint) return finish(ctx, details.params.login_hint);
  ctx.type = 'html';
  ctx.body = `<!doctype html><form method="post" action="/interaction/${match[1]}">
<label>Login <input name="login"></label><button>Sign in</button></form>`;
  return undefined;
});

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
