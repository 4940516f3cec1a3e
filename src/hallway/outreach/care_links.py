"""The contractor's check-in form link. (being built)"""
