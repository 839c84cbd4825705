"""Templates of `pmkit new` (package data): {lang}.{yaml,md}.tmpl."""
