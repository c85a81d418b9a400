"""A photo for the honor board, checked and cleaned with Pillow before it is stored.

The upload must be a real JPEG, PNG or WebP image (Pillow opens and fully decodes it; a renamed file or a
truncated one is refused), at most `MAX_BYTES` and `MAX_PIXELS`; it is re-encoded as a JPEG of at most
`MAX_SIDE` pixels a side, which drops every EXIF block (GPS position of the phone, camera serial) and any bytes
appended after the image. No Django here: the service passes bytes and gets bytes or a `PhotoError` whose message
id (Russian, marked with `gettext_noop` of `core.texts`) and parameters the service translates for the reader.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from nastavnik.core.texts import TextError, gettext_noop

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 800
FORMATS = ("JPEG", "PNG", "WEBP")


class PhotoError(TextError):
    """The photo is refused: `message` (a Russian message id) with `params`; `str()` is the Russian text."""


def clean_photo(content: bytes) -> bytes:
    """The photo re-encoded as a JPEG without metadata, or PhotoError."""
    if not content:
        raise PhotoError(gettext_noop("Файл пустой."))
    if len(content) > MAX_BYTES:
        raise PhotoError(
            gettext_noop("Фотография больше %(limit)s МБ: уменьшите её."), limit=MAX_BYTES // (1024 * 1024)
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                if probe.format not in FORMATS:
                    raise PhotoError(gettext_noop("Загрузите фотографию в формате JPEG, PNG или WebP."))
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise PhotoError(gettext_noop("Фотография слишком большая по числу точек: уменьшите её."))
                probe.load()
                image = ImageOps.exif_transpose(probe)
    except PhotoError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise PhotoError(
            gettext_noop("Это не фотография или файл повреждён: загрузите JPEG, PNG или WebP.")
        ) from exc
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(
        out, "JPEG", quality=85, optimize=True
    )  # no exif= argument: nothing of the original's metadata
    return out.getvalue()
