"""Shortening a text for a place with room for only so many characters (a report line, a chart label,
a fixed-width column): at a word boundary, never inside a word, and always marked as shortened."""


def clipped(text: str, limit: int, mark: str = " …") -> str:
    """`text` if it has at most `limit` characters; otherwise as many whole words as fit within `limit`
    characters followed by `mark` (a word longer than half the room is cut, with the mark)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    if text[limit : limit + 1] not in ("", " ") and space > limit // 2:
        head = head[:space]
    return head.rstrip(" ,;:–-") + mark
