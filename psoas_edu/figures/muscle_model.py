"""The muscle model behind every diagram: each muscle as strands along paths.

A strand (one row of ``data/muscle_paths.csv``, or the whole muscle when it has none)
runs from origin landmarks through the landmarks it bends around to insertion landmarks.
Along it the fleshy belly occupies a stretch (``belly_start`` to ``belly_end``, fractions
of the path); before and after it the strand is a tendon, or a tract such as the
iliotibial tract. A broad origin or insertion fans into the belly. Each strand also says in
which views it lies behind the bones, so a diagram draws it as seen through them.

Geometry is computed once per atlas, muscle and view and kept with the atlas.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..facts.atlas import Atlas
from .skeleton import atlas_cache, landmark_positions, right_side

if TYPE_CHECKING:
    import shapely

__all__ = [
    "Strand",
    "StrandShape",
    "TENDON_WIDTH",
    "TRACT_WIDTH",
    "strands",
    "strand_shapes",
    "seen_through_in",
    "drawn_disputed",
]


def _shapely():
    """shapely, imported when a muscle is first drawn, so ``import psoas_edu`` costs no more
    than pandas and pyplot do."""
    import shapely

    return shapely


#: Width of a tendon and of a tract (such as the iliotibial tract), in diagram units.
TENDON_WIDTH = 0.45
TRACT_WIDTH = 1.3

#: Width of a muscle's belly when ``muscle_paths.csv`` says nothing about it.
DEFAULT_BELLY_WIDTH = 2.0

_SAMPLES = 64


@dataclass(frozen=True)
class Strand:
    """One strand of a muscle: where it runs and how wide it is (a row of
    ``muscle_paths.csv``)."""

    muscle_id: str
    part: str
    from_ids: tuple[str, ...]
    via_ids: tuple[str, ...]
    to_ids: tuple[str, ...]
    belly_start: float
    belly_end: float
    belly_width: float
    beyond_belly: str  # "tendon" or "tract"
    behind_in: frozenset[str]
    insertion_behind_in: frozenset[str]
    behind_stretches: tuple[tuple[str, float, float], ...] = ()
    #: (view, distance): the belly runs this far to the drawn side of the line between
    #: its attachments (spinalis beside the spinous processes it joins).
    beside: tuple[tuple[str, float], ...] = ()

    def offset_in(self, view: str) -> float:
        """How far the belly runs beside its attachments in ``view`` (0: on the line)."""
        return next((d for v, d in self.beside if v == view), 0.0)

    def behind_spans(self, view: str, insertion_from: float = 1.0
                     ) -> tuple[tuple[float, float], ...]:
        """The stretches of the path (fractions from origin to insertion) that lie behind
        the bones in ``view``; ``insertion_from`` is where the insertion end begins."""
        if view in self.behind_in:
            return ((0.0, 1.0),)
        spans = [(a, b) for v, a, b in self.behind_stretches if v == view]
        if view in self.insertion_behind_in:
            spans.append((insertion_from, 1.0))
        return tuple(spans)


@dataclass(frozen=True)
class StrandShape:
    """A strand drawn in one view.

    ``belly`` is the outline of the fleshy part (with its fans to broad attachments);
    ``tendons`` are outlines of the tendinous or tract parts, each with its kind
    (``"tendon"`` or ``"tract"``) and whether it lies behind the bones there;
    ``centre`` is the path the strand follows.
    """

    muscle_id: str
    part: str
    centre: np.ndarray
    corners: tuple[tuple[float, float], ...]
    to_ids: tuple[str, ...]
    belly: np.ndarray
    tendons: tuple[tuple[np.ndarray, str, bool], ...]
    seen_through: bool
    disputed: bool = False
    bellies: tuple[tuple[np.ndarray, bool], ...] = ()
    spans: tuple[tuple[float, float], ...] = ()

    @property
    def partly_seen_through(self) -> bool:
        """Whether some, but not all, of the strand lies behind the bones."""
        return bool(self.spans) and not self.seen_through

    def behind_at(self, fraction: float) -> bool:
        """Whether the point ``fraction`` of the way along the path is behind the bones."""
        return any(a - 1e-9 <= fraction <= b + 1e-9 for a, b in self.spans)

    @property
    def start(self) -> tuple[float, float]:
        return (float(self.centre[0, 0]), float(self.centre[0, 1]))

    @property
    def end(self) -> tuple[float, float]:
        return (float(self.centre[-1, 0]), float(self.centre[-1, 1]))


def _rows_by_muscle(atlas: Atlas) -> dict[str, list]:
    store = atlas_cache(atlas)
    if "path_rows" not in store:
        rows: dict[str, list] = {}
        table = getattr(atlas, "muscle_paths", None)
        if table is not None:
            for row in table.itertuples(index=False):
                rows.setdefault(row.muscle_id, []).append(row)
        store["path_rows"] = rows
    return store["path_rows"]


def _attachment_rows(atlas: Atlas) -> dict[tuple[str, str], list]:
    """(muscle_id, end) -> its rows of ``attachments.csv``, indexed once per atlas."""
    store = atlas_cache(atlas)
    if "attachment_rows" not in store:
        rows: dict[tuple[str, str], list] = {}
        for row in atlas.attachments.itertuples(index=False):
            rows.setdefault((row.muscle_id, row.end), []).append(row)
        store["attachment_rows"] = rows
    return store["attachment_rows"]


def drawn_disputed(rows: list) -> list[bool]:
    """Per attachment row of one muscle, whether a diagram draws it as disputed.

    Where every row of an end (and part) is one side of a dispute, the first row, the
    side ``disputes.csv`` says to teach as usual, is drawn like a settled attachment and
    the others as variations (dashed)."""
    flags = []
    for i, row in enumerate(rows):
        same = [r for r in rows if (r.end, r.part) == (row.end, row.part)]
        usual = (row.disputed and all(r.disputed for r in same)
                 and next(j for j, r in enumerate(rows) if r is same[0]) == i)
        flags.append(bool(row.disputed) and not usual)
    return flags


def _attachment_ids(atlas: Atlas, muscle_id: str, end: str, part: str) -> tuple[str, ...]:
    """Landmarks of the muscle's ``end`` for ``part`` (every part when it has no rows of
    its own); settled rows first, disputed ones only when nothing is settled."""
    rows = _attachment_rows(atlas).get((muscle_id, end), [])
    own = [r for r in rows if r.part in (part, "whole")]
    rows = own or rows
    settled = [r for r, disputed in zip(rows, drawn_disputed(rows), strict=True)
               if not disputed]
    chosen = settled or rows
    return tuple(dict.fromkeys(lm for r in chosen for lm in r.landmark_ids))


def _number(value, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return default if np.isnan(number) else number


def _views(value) -> frozenset[str]:
    return frozenset(value) if isinstance(value, (list, tuple)) else frozenset()


def _stretches(value) -> tuple[tuple[str, float, float], ...]:
    """``"lateral 0.3-1"`` entries of ``behind_stretch`` as (view, start, end)."""
    found = []
    for entry in value if isinstance(value, (list, tuple)) else ():
        view, span = str(entry).split()
        start, end = span.split("-")
        found.append((view, float(start), float(end)))
    return tuple(found)


def _beside(value) -> tuple[tuple[str, float], ...]:
    """``"posterior 1.1"`` entries of ``beside`` as (view, distance)."""
    found = []
    for entry in value if isinstance(value, (list, tuple)) else ():
        view, distance = str(entry).split()
        found.append((view, float(distance)))
    return tuple(found)


def strands(atlas: Atlas, muscle_id: str) -> tuple[Strand, ...]:
    """The muscle's strands: its rows of ``muscle_paths.csv``, or one strand from all its
    origins to all its insertions."""
    store = atlas_cache(atlas)
    key = ("strands", muscle_id)
    if key in store:
        return store[key]
    found = []
    for row in _rows_by_muscle(atlas).get(muscle_id, ()):
        from_ids = tuple(getattr(row, "from_landmark_ids", ()) or ()) or _attachment_ids(
            atlas, muscle_id, "origin", row.part)
        to_ids = tuple(getattr(row, "to_landmark_ids", ()) or ()) or _attachment_ids(
            atlas, muscle_id, "insertion", row.part)
        found.append(Strand(
            muscle_id, row.part, from_ids, tuple(row.via_landmark_ids or ()), to_ids,
            _number(getattr(row, "belly_start", 0.0), 0.0),
            _number(getattr(row, "belly_end", 1.0), 1.0),
            _number(getattr(row, "belly_width", DEFAULT_BELLY_WIDTH), DEFAULT_BELLY_WIDTH),
            getattr(row, "beyond_belly", "") or "tendon",
            _views(getattr(row, "behind_in", ())),
            _views(getattr(row, "insertion_behind_in", ())),
            _stretches(getattr(row, "behind_stretch", ())),
            _beside(getattr(row, "beside", ()))))
    if not found:
        found.append(Strand(muscle_id, "whole",
                            _attachment_ids(atlas, muscle_id, "origin", "whole"), (),
                            _attachment_ids(atlas, muscle_id, "insertion", "whole"),
                            0.0, 1.0, DEFAULT_BELLY_WIDTH, "tendon", frozenset(), frozenset()))
    store[key] = tuple(found)
    return store[key]


def seen_through_in(atlas: Atlas, muscle_id: str, view: str) -> bool:
    """Whether every strand of the muscle lies behind the bones in ``view``."""
    return all(view in s.behind_in for s in strands(atlas, muscle_id))


def _centroid(points: list[tuple[float, float]]) -> np.ndarray:
    return np.mean(np.asarray(points, dtype=float), axis=0)


def _smooth(points: np.ndarray) -> np.ndarray:
    """Round the corners of a polyline (Chaikin), keeping its ends."""
    for _ in range(3):
        if len(points) < 3:
            return points
        a, b = points[:-1], points[1:]
        inner = np.empty((2 * len(a), 2))
        inner[0::2] = 0.75 * a + 0.25 * b
        inner[1::2] = 0.25 * a + 0.75 * b
        points = np.vstack([points[:1], inner[1:-1], points[-1:]])
    return points


def _resample(points: np.ndarray, n: int = _SAMPLES) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points evenly spaced along the polyline and their fractions of its length."""
    steps = np.hypot(*np.diff(points, axis=0).T)
    cumulative = np.concatenate([[0.0], np.cumsum(steps)])
    total = cumulative[-1] or 1.0
    t = np.linspace(0.0, 1.0, n)
    xs = np.interp(t * total, cumulative, points[:, 0])
    ys = np.interp(t * total, cumulative, points[:, 1])
    return np.column_stack([xs, ys]), t


def _discs(centres: np.ndarray, radii: np.ndarray, segments: int) -> np.ndarray:
    """Vertices of a regular polygon around each centre: shape (n, segments, 2)."""
    angles = np.linspace(0.0, 2 * np.pi, segments, endpoint=False)
    ring = np.column_stack([np.cos(angles), np.sin(angles)])
    return centres[:, None, :] + radii[:, None, None] * ring[None, :, :]


def _tube(centre: np.ndarray, widths: np.ndarray) -> shapely.Geometry:
    """A band of varying width along ``centre``: the union of the convex hulls of each
    pair of neighbouring discs (built as arrays, one GEOS call per step)."""
    discs = _discs(np.asarray(centre, dtype=float), np.maximum(widths, 0.05) / 2, 24)
    if len(discs) == 1:
        return _shapely().polygons(discs[0])
    # A ring through both discs' vertices is not a valid polygon, but its convex hull is
    # the hull of those vertices, and building rings skips making thousands of points.
    pairs = np.concatenate([discs[:-1], discs[1:]], axis=1)
    return _shapely().union_all(_shapely().convex_hull(_shapely().polygons(pairs)))


def _fan(points: list[tuple[float, float]], middle: np.ndarray, normal: np.ndarray,
         width: float) -> shapely.Geometry:
    """Fibres from a broad attachment converging on the belly: the hull of small discs on
    the attachment and the belly's cross-section at ``middle``."""
    discs = _discs(np.asarray(points, dtype=float), np.full(len(points), 0.45), 16)
    section = np.vstack([middle + normal * width / 2, middle - normal * width / 2])
    return _shapely().convex_hull(_shapely().multipoints(np.vstack([*discs, section])))


def _outline(geometry: shapely.Geometry) -> np.ndarray:
    """The outer boundary of a (multi)polygon as an array of points (largest part)."""
    if geometry.geom_type == "MultiPolygon":
        geometry = max(geometry.geoms, key=lambda g: g.area)
    return np.asarray(geometry.exterior.coords)[:-1]


def _stretch_region(centre: np.ndarray, t: np.ndarray, span: tuple[float, float],
                    reach: float) -> shapely.Geometry:
    """The area within ``reach`` of the path's stretch ``span``, cut square across the
    path where the stretch starts and ends (open-ended at the path's own ends, so the
    fans of broad attachments fall inside)."""
    a, b = span
    inside = np.flatnonzero((t >= a - 1e-9) & (t <= b + 1e-9))
    if len(inside) == 0:
        return _shapely().Polygon()
    line = centre[inside[0]: inside[-1] + 1]
    if len(line) < 2:
        line = centre[max(inside[0] - 1, 0): inside[0] + 2]
    if a <= 0:
        step = line[0] - line[1]
        line = np.vstack([line[0] + step / (float(np.hypot(*step)) or 1.0) * reach, line])
    if b >= 1:
        step = line[-1] - line[-2]
        line = np.vstack([line, line[-1] + step / (float(np.hypot(*step)) or 1.0) * reach])
    return _shapely().buffer(_shapely().linestrings(line), reach, cap_style="flat")


def _split(geometry: shapely.Geometry, region: shapely.Geometry | None
           ) -> list[tuple[np.ndarray, bool]]:
    """(outline, behind) of the parts of ``geometry`` outside and inside ``region``."""
    if region is None or region.is_empty:
        return [(_outline(geometry), False)]
    # A sliver (a tendon's rounded end reaching past the cut) goes with the rest.
    behind_share = _shapely().area(_shapely().intersection(geometry, region)) / (
        _shapely().area(geometry) or 1.0)
    if behind_share < 0.1 or behind_share > 0.9:
        return [(_outline(geometry), behind_share > 0.9)]
    parts = []
    for piece, behind in ((_shapely().difference(geometry, region), False),
                          (_shapely().intersection(geometry, region), True)):
        polygons = getattr(piece, "geoms", [piece])
        for polygon in polygons:
            if polygon.geom_type == "Polygon" and polygon.area > 0.05:
                parts.append((np.asarray(polygon.exterior.coords)[:-1], behind))
    return parts


def _profile(t: np.ndarray, strand: Strand) -> np.ndarray:
    """Width along the strand: tendon, swelling into the belly, tapering out of it to
    the width of what continues beyond it (a tract is wider than a tendon: a belly
    narrowing to a tendon's width and then widening into the tract would pinch into a
    loop)."""
    s, e, w = strand.belly_start, strand.belly_end, strand.belly_width
    beyond = TRACT_WIDTH if strand.beyond_belly == "tract" else TENDON_WIDTH
    ramp = max(0.22 * (e - s), 1e-6)
    rise = np.clip((t - s) / ramp, 0, 1) if s > 0 else np.ones_like(t)
    fall = np.clip((e - t) / ramp, 0, 1) if e < 1 else np.ones_like(t)
    smooth = lambda x: x * x * (3 - 2 * x)  # noqa: E731
    inside = (t >= s) & (t <= e)
    belly = np.minimum(TENDON_WIDTH + (w - TENDON_WIDTH) * smooth(rise),
                       beyond + (max(w, beyond) - beyond) * smooth(fall))
    return np.where(inside, belly, np.where(t < s, TENDON_WIDTH, beyond))


def _strand_shape(strand: Strand, placed, view: str) -> StrandShape | None:
    starts = [placed[lm].xy for lm in strand.from_ids if lm in placed]
    ends = [placed[lm].xy for lm in strand.to_ids if lm in placed]
    if not starts or not ends:
        return None
    vias = [placed[lm].xy for lm in strand.via_ids if lm in placed]
    corners = np.vstack([_centroid(starts), *(np.asarray(v) for v in vias), _centroid(ends)])
    offset = strand.offset_in(view) * right_side(view) if strand.offset_in(view) else 0.0
    if offset:
        # Tendons from the attachments to a belly running beside their line.
        first, last = corners[0], corners[-1]
        inner = [first + (last - first) * max(strand.belly_start, 0.05), *corners[1:-1],
                 first + (last - first) * min(strand.belly_end, 0.95)]
        corners = np.vstack([first, *(p + (offset, 0.0) for p in inner), last])
    centre, t = _resample(_smooth(corners))
    widths = _profile(t, strand)
    inside = (t >= strand.belly_start) & (t <= strand.belly_end)
    first = max(int(np.argmax(inside)) - 1, 0)
    last = min(len(t) - int(np.argmax(inside[::-1])), len(t))
    mid = (first + last) // 2
    middle = centre[mid]
    tangent = centre[min(mid + 1, len(centre) - 1)] - centre[max(mid - 1, 0)]
    normal = np.array([-tangent[1], tangent[0]]) / (float(np.hypot(*tangent)) or 1.0)
    width = float(widths[mid])
    fans = []
    if len(set(starts)) > 1 and strand.belly_start == 0:
        fans.append(_fan(starts, middle, normal, width))
        first = mid
    if len(set(ends)) > 1 and strand.belly_end >= 0.95:
        fans.append(_fan(ends, middle, normal, width))
        last = mid + 1
    pieces = fans + ([_tube(centre[first:last], widths[first:last])] if last - first > 1
                     else [])
    belly = _shapely().union_all(pieces)
    # Two samples early, so the tendon's overlap with the belly is behind the bone too.
    spans = strand.behind_spans(
        view, max(_insertion_from(strand, corners, centre, t) - 2 / (_SAMPLES - 1), 0.0))
    seen = spans == ((0.0, 1.0),)
    reach = 3.0 * max(strand.belly_width, 4.0)
    region = (_shapely().union_all([_stretch_region(centre, t, span, reach) for span in spans])
              if spans and not seen else None)
    tendons: list[tuple[shapely.Geometry, str]] = []
    if strand.belly_start > 0:
        head = _tube(centre[: first + 2], widths[: first + 2])
        if len(set(starts)) > 1:  # a broad common tendon: from every origin to the belly
            start = min(first + 1, len(centre) - 1)
            step = centre[min(start + 1, len(centre) - 1)] - centre[max(start - 1, 0)]
            across = np.array([-step[1], step[0]]) / (float(np.hypot(*step)) or 1.0)
            head = _shapely().union(head, _fan(starts, centre[start], across,
                                            float(widths[start])))
        tendons.append((head, "tendon"))
    if strand.belly_end < 1:
        tail = slice(max(last - 2, 0), len(t))
        if strand.beyond_belly == "tract":
            # A tract leaves the belly at its own width and starts where the belly ends:
            # a rounded end inside the belly would read as a loop on the tract.
            tract = _tube(centre[tail], np.minimum(widths[tail], TRACT_WIDTH))
            tendons.append((_shapely().difference(tract, belly), "tract"))
        else:
            tendons.append((_tube(centre[tail], widths[tail]), strand.beyond_belly))
    points = tuple((float(x), float(y)) for x, y in corners)
    return StrandShape(
        strand.muscle_id, strand.part, centre, points, strand.to_ids, _outline(belly),
        tuple((outline, kind, seen or behind) for geometry, kind in tendons
              for outline, behind in _split(geometry, region)),
        seen, bellies=tuple((outline, seen or behind)
                            for outline, behind in _split(belly, region)),
        spans=spans)


def _insertion_from(strand: Strand, corners: np.ndarray, centre: np.ndarray,
                    t: np.ndarray) -> float:
    """Where the insertion end begins: its tendon of insertion, and the stretch past the
    last landmark the strand bends around (or its last sixth when it bends around none)."""
    if len(corners) <= 2:
        return min(5 / 6, strand.belly_end)
    nearest = int(np.argmin(np.hypot(*(centre - corners[-2]).T)))
    return min(float(t[nearest]), strand.belly_end)


def _disputed_branches(atlas: Atlas, muscle_id: str, shapes: list[StrandShape],
                       placed) -> list[StrandShape]:
    """A thin dashed branch to each insertion landmark that only a disputed row names."""
    rows = _attachment_rows(atlas).get((muscle_id, "insertion"), [])
    flags = drawn_disputed(rows)
    settled = {lm for r, d in zip(rows, flags, strict=True) if not d for lm in r.landmark_ids}
    used = {lm for s in strands(atlas, muscle_id) for lm in s.to_ids}
    extra = [lm for r, d in zip(rows, flags, strict=True) if d for lm in r.landmark_ids
             if lm not in settled and lm not in used and lm in placed]
    branches = []
    base = shapes[0]
    for lm in dict.fromkeys(extra):
        start = base.centre[int(0.8 * len(base.centre))]
        centre, _ = _resample(np.vstack([start, placed[lm].xy]), 8)
        outline = _outline(_tube(centre, np.full(len(centre), TENDON_WIDTH)))
        corners = (tuple(map(float, start)), placed[lm].xy)
        behind = base.seen_through or base.behind_at(0.8)
        branches.append(StrandShape(muscle_id, "disputed", centre, corners, (lm,), outline,
                                    (), behind, disputed=True, bellies=((outline, behind),),
                                    spans=((0.0, 1.0),) if behind else ()))
    return branches


def strand_shapes(atlas: Atlas, muscle_id: str, view: str) -> tuple[StrandShape, ...]:
    """The muscle's strands drawn in ``view`` (strands whose landmarks are not placed
    there are left out), with a dashed branch to each disputed insertion."""
    store = atlas_cache(atlas)
    key = ("strand_shapes", muscle_id, view)
    if key not in store:
        placed = landmark_positions(atlas, view)
        shapes = [shape for strand in strands(atlas, muscle_id)
                  if (shape := _strand_shape(strand, placed, view)) is not None]
        if shapes:
            shapes += _disputed_branches(atlas, muscle_id, shapes, placed)
        store[key] = tuple(shapes)
    return store[key]
