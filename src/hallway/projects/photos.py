"""Roster photos: an upload becomes a small square JPEG without any metadata.

Only JPEG, PNG and WebP up to 5 MB are taken. Pillow checks the file really is one (the
name and the browser's content type say nothing), refuses images so large in pixels that
decoding them would be an attack, turns the picture upright from its EXIF orientation, and
writes a fresh 256×256 JPEG: nothing of the original file (camera, place, date) survives.
"""

import io
import warnings
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
SIZE = 256
FORMATS = ("JPEG", "PNG", "WEBP")
# Far above any phone camera, far below what exhausts memory when decoded.
MAX_PIXELS = 40_000_000


def photo_prepare(upload: IO[bytes] | File[bytes], *, size: int | None = None) -> bytes:
    """The stored photo made from an uploaded file; ValidationError (under "photo") saying
    exactly what is wrong with it."""
    length = size if size is not None else _length(upload)
    if length > MAX_BYTES:
        raise ValidationError(
            {"photo": [_("The photo is larger than 5 MB. Please choose a smaller one.")]}
        )
    if length == 0:
        raise ValidationError({"photo": [_("The file is empty.")]})
    data = upload.read(MAX_BYTES + 1)
    not_an_image = ValidationError(
        {"photo": [_("This file is not a JPEG, PNG or WebP picture, or it is damaged.")]}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise not_an_image
                if probe.width * probe.height > MAX_PIXELS:
                    raise _too_many_pixels()
                probe.verify()
            # verify() leaves the image unusable: open it again to decode it.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
                square = ImageOps.fit(
                    upright.convert("RGB"), (SIZE, SIZE), Image.Resampling.LANCZOS
                )
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise not_an_image from exc
    out = io.BytesIO()
    square.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        {"photo": [_("The picture has too many pixels. Please choose a smaller one.")]}
    )


def _length(upload: IO[bytes] | File[bytes]) -> int:
    position = upload.tell()
    upload.seek(0, io.SEEK_END)
    length = upload.tell() - position
    upload.seek(position)
    return length
