"""A host's registrable label from the public-suffix list that ships with ``tld``, read from
that file only: never from the network.

``tld``'s own parser, when its bundled file cannot be read, downloads publicsuffix.org's list
with ``urlopen`` and no timeout, from inside whatever step asked (here, per page on a worker),
and then fails with a ``TypeError`` if that download fails too. The parser below reads the same
file by its absolute path and, when it is missing, raises instead; the caller then falls back to
a plain rule (``registrable_label`` returns None)."""

import functools
import logging
from typing import Optional

from tld import get_tld
from tld.exceptions import TldIOError
from tld.helpers import project_dir
from tld.utils import BaseMozillaTLDSourceParser, MozillaTLDSourceParser

__all__ = ["registrable_label", "suffixes_loaded"]

_LOG = logging.getLogger(__name__)


class _BundledSuffixes(BaseMozillaTLDSourceParser):
    """tld's Mozilla list, read from the file in the installed package; no download."""

    uid = "newsbeam_bundled"
    source_url = ""
    local_path = project_dir(MozillaTLDSourceParser.local_path)  # absolute: its own trie key

    @classmethod
    def update_tld_names(cls, fail_silently: bool = False) -> bool:
        # tld calls this to download the list when the file cannot be read: refuse
        raise TldIOError(f"public-suffix list missing: {cls.local_path} (reinstall tld)")


@functools.lru_cache(maxsize=1)
def suffixes_loaded() -> bool:
    """The bundled list is read (once per process); False, logged once, when it cannot be."""
    try:
        _BundledSuffixes.get_tld_names(fail_silently=False)
        return True
    except (OSError, TldIOError) as err:
        _LOG.warning("host labels by a plain rule, no public-suffix list: %s", err)
        return False


def registrable_label(host: str) -> Optional[str]:
    """The label of the host's registrable domain ("abc" of www.abc.net.au), or None: a host
    the list does not know, or no list."""
    if not suffixes_loaded():
        return None
    found = get_tld(
        host, fix_protocol=True, as_object=True, fail_silently=True, parser_class=_BundledSuffixes
    )
    return found.domain if found and found.domain else None
