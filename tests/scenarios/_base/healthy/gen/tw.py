"""Go text/tabwriter emulation (padchar ' ', flags 0)."""
import re

def fmt(lines, minwidth=5, padding=3):
    """lines: list of str with '\t'-terminated cells. Returns list of str."""
    cells = [l.split('\t') for l in lines]
    out = [''] * len(cells)
    widths = []

    def write(l0, l1):
        for i in range(l0, l1):
            s = ''
            for j, c in enumerate(cells[i]):
                if j < len(widths):
                    s += c.ljust(widths[j])
                else:
                    s += c
            out[i] = s

    def format_(l0, l1):
        column = len(widths)
        this = l0
        while this < l1:
            if column >= len(cells[this]) - 1:
                this += 1
                continue
            write(l0, this)
            l0 = this
            width = minwidth
            while this < l1:
                if column >= len(cells[this]) - 1:
                    break
                w = len(cells[this][column]) + padding
                if w > width:
                    width = w
                this += 1
            widths.append(width)
            format_(l0, this)
            widths.pop()
            l0 = this
        write(l0, l1)

    format_(0, len(cells))
    return out

def split_by_header(text_lines, header_idx=0):
    """Split fixed-width lines at the header's column starts -> list of cell lists."""
    h = text_lines[header_idx]
    starts = [0] + [m.end() for m in re.finditer(r' {2,}(?=\S)', h)]
    rows = []
    for l in text_lines:
        row = []
        for k, s in enumerate(starts):
            e = starts[k + 1] if k + 1 < len(starts) else None
            row.append(l[s:e].rstrip() if e is not None else l[s:].rstrip())
        rows.append(row)
    return rows
