# cython: language_level=3, boundscheck=False, wraparound=False
"""Compiled loops of the text layer (see Note [Indexed scans] in scan.py); `scan.py` has the same
functions in plain Python for machines that cannot compile this, and the tests compare the two."""

from cpython.unicode cimport Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE


cdef inline bint _letter(Py_UCS4 ch) noexcept:
    return 0x0621 <= ch <= 0x064A


cdef inline bint _in(Py_UCS4 ch, const unsigned char* table) noexcept:
    return ch < 0x10000 and table[ch] != 0


def edit_runs(str text, bytes deletable):
    """Spans the normalisation must edit: a run starting on a deletable mark or on whitespace other than
    one space, or a space followed by either; the run goes on over whitespace and marks
    (`text._pass1_re`)."""
    cdef const unsigned char* table = deletable
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t s
    cdef Py_UCS4 ch, nxt
    cdef list out = []
    while i < n:
        ch = text[i]
        s = -1
        if _in(ch, table) or (ch != 0x20 and Py_UNICODE_ISSPACE(ch)):
            s = i
            i += 1
        elif ch == 0x20 and i + 1 < n:
            nxt = text[i + 1]
            if _in(nxt, table) or Py_UNICODE_ISSPACE(nxt):
                s = i
                i += 2
        if s < 0:
            i += 1
            continue
        while i < n:
            ch = text[i]
            if not (_in(ch, table) or Py_UNICODE_ISSPACE(ch)):
                break
            i += 1
        out.append((s, i))
    return out


cdef inline bint _opens(Py_UCS4 ch) noexcept:
    return ch == 0x20 or ch == 0x0A or ch == 0x22 or ch == 0x28  # space \n " (


cdef inline bint _closes(Py_UCS4 ch) noexcept:
    return ch == 0x20 or ch == 0x0A or ch == 0x2E or ch == 0x2C or ch == 0x22 or ch == 0x29  # space \n . , " )


def short_groups(str text):
    """`text._SHORT_GROUP.finditer(" " + text)` as (start, group): a 1-2 letter word between spaces or
    brackets (group is the word), or dotted letters "ق.س.د" (group is None)."""
    cdef Py_ssize_t n = len(text) + 1  # positions of " " + text
    cdef Py_ssize_t p = 0
    cdef Py_UCS4 c0, c1, c2, c3
    cdef list out = []
    while p < n:
        c0 = 0x20 if p == 0 else text[p - 1]
        c1 = text[p] if p < n - 1 else 0
        c2 = text[p + 1] if p + 1 < n - 1 else 0
        c3 = text[p + 2] if p + 2 < n - 1 else 0
        if _opens(c0) and _letter(c1):
            if _letter(c2):
                if c3 != 0 and _closes(c3):
                    out.append((p, text[p:p + 2]))
                    p += 4
                    continue
            elif c2 != 0 and _closes(c2):
                out.append((p, text[p:p + 1]))
                p += 3
                continue
        if _letter(c0) and c1 == 0x2E and _letter(c2):
            out.append((p, None))
            p += 3
            continue
        p += 1
    return out


def digit_starts(str text):
    """Where each run of decimal digits starts (`\\d` of `re`)."""
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t i = 0
    cdef list out = []
    cdef bint prev = False
    cdef bint cur
    while i < n:
        cur = Py_UNICODE_ISDECIMAL(text[i])
        if cur and not prev:
            out.append(i)
        prev = cur
        i += 1
    return out


def word_starts(str text, dict masks, set seen):
    """For each pattern bit, where the words whose key (word + next character) is in `masks` start, in
    text order; and the keys never seen before (`scan._starts`)."""
    cdef dict per_bit = {}
    cdef set new = set()
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t s
    cdef str key
    cdef object bits, bit
    cdef list found
    while i < n:
        if _letter(text[i]):
            s = i
            i += 1
            while i < n and _letter(text[i]):
                i += 1
            key = text[s:i + 1]
            bits = masks.get(key)
            if bits is None:
                if key not in seen:
                    new.add(key)
                continue
            for bit in bits:
                found = per_bit.get(bit)
                if found is None:
                    per_bit[bit] = [s]
                else:
                    found.append(s)
        else:
            i += 1
    return per_bit, new


cdef inline bint _sep(Py_UCS4 ch) noexcept:
    return ch == 0x2C or ch == 0x2E  # , .


cdef bint _grouped(str run, Py_UCS4 sep):
    """`\\d{1,3}(?:<sep>\\d{3})+` over the whole run."""
    cdef Py_ssize_t n = len(run)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t k
    while i < n and Py_UNICODE_ISDECIMAL(run[i]):
        i += 1
    if i < 1 or i > 3 or i == n:
        return False
    while i < n:
        if run[i] != sep or i + 4 > n:
            return False
        for k in range(i + 1, i + 4):
            if not Py_UNICODE_ISDECIMAL(run[k]):
                return False
        i += 4
    return True


def digit_runs(str text):
    """(start, end, value) of every integer written in digits (`numbers.py_digit_runs`)."""
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t s, e, pos
    cdef Py_UCS4 ch
    cdef list out = []
    cdef str run, part
    cdef bint only_digits, has_comma, has_dot
    while i < n:
        ch = text[i]
        if not Py_UNICODE_ISDECIMAL(ch):
            i += 1
            continue
        s = i
        only_digits = True
        has_comma = has_dot = False
        while i < n:
            ch = text[i]
            if Py_UNICODE_ISDECIMAL(ch):
                pass
            elif _sep(ch):
                pass
            else:
                break
            i += 1
        e = i
        while e > s and _sep(text[e - 1]):
            e -= 1
        if s > 0 and _sep(text[s - 1]):
            continue
        run = text[s:e]
        for pos in range(e - s):
            ch = run[pos]
            if ch == 0x2C:
                has_comma = True
                only_digits = False
            elif ch == 0x2E:
                has_dot = True
                only_digits = False
        if not only_digits and ((has_comma and not has_dot and _grouped(run, 0x2C))
                                or (has_dot and not has_comma and _grouped(run, 0x2E))):
            out.append((s, e, int(run.replace(",", "").replace(".", ""))))
        elif only_digits:
            out.append((s, e, int(run)))
        elif has_comma and all(p.isdigit() for p in run.split(",")):
            pos = s
            for part in run.split(","):
                out.append((pos, pos + len(part), int(part)))
                pos += len(part) + 1
    return out


def split_heads(str text, frozenset heads, bytes prefixes):
    """Where a word of `heads` (3+ letters) is followed by a space and a letter: the position after the
    space (`scan.py_split_heads`). `prefixes` marks the heads' first three letters, so most words are
    passed over without building a string."""
    cdef const unsigned char* table = prefixes
    cdef Py_ssize_t n = len(text)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t s, idx
    cdef list out = []
    while i < n:
        if not _letter(text[i]):
            i += 1
            continue
        s = i
        i += 1
        while i < n and _letter(text[i]):
            i += 1
        if i - s < 3 or i + 1 >= n or text[i] != 0x20 or not _letter(text[i + 1]):
            continue
        idx = (<Py_ssize_t>text[s] - 0x621) * 1764 + (<Py_ssize_t>text[s + 1] - 0x621) * 42 \
            + (<Py_ssize_t>text[s + 2] - 0x621)
        if table[idx] and text[s:i] in heads:
            out.append(i + 1)
    return out
