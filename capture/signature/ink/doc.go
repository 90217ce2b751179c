// Package ink draws pen strokes that look like a pen: the signature_pad approach, a cubic
// Bezier through the recent points with control points from their neighbours, and a
// width that falls with velocity and grows with pressure. A Stroker draws incrementally,
// only the new segment per point, onto an NRGBA raster; Render draws a whole signature
// trimmed to its ink for the PNG.
package ink
