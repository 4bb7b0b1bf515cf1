using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;

namespace Engine.Observe;

// The timeline as a self-contained HTML page: an inline SVG with a lane per task, no script and no external resource,
// so it opens in any browser offline and renders the same everywhere.
//
// Layout: the horizontal axis is piecewise. Each instant (an axis value at which events happened) is a column where
// every event takes a few pixels, so the steps that ran at one instant of virtual time lie side by side in the order
// the loop ran them; between instants, the gap grows with the time (or frames) that passed, within bounds, and the tick
// labels give the real values. Steps are solid boxes, waits light bars labelled with what they wait on, ready-queue
// turns hatched, wake-ups and spawns arrows from the waker's lane (or from the axis, for timers and callbacks).
internal static class HtmlTimelineWriter
{
    private const double LabelWidth = 190;
    private const double Top = 56;
    private const double LaneHeight = 40;
    private const double BarHeight = 18;
    private const double PixelsPerEvent = 9;
    private const double MinGap = 18;
    private const double MaxGap = 220;

    public static string Write(Timeline timeline, string title)
    {
        var map = new XMap(timeline);
        double width = LabelWidth + map.Width + 40;
        double height = Top + (timeline.Lanes.Count * LaneHeight) + 24;
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height))
            .Append("\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height)).Append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
            .Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
            .Append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#c0392b\"/></marker>")
            .Append("<marker id=\"spawn-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
            .Append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#27ae60\"/></marker>")
            .Append("<pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
            .Append("<rect width=\"6\" height=\"6\" fill=\"#fdf2d0\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#e0b84a\" stroke-width=\"2\"/></pattern></defs>\n");

        // Lanes and their labels.
        foreach (TimelineLane lane in timeline.Lanes)
        {
            double y = LaneY(lane.Index);
            svg.Append("<g class=\"lane\" data-task=\"").Append(lane.TaskId).Append("\">")
                .Append("<rect class=\"lane-bg\" x=\"0\" y=\"").Append(N(y - (LaneHeight / 2))).Append("\" width=\"").Append(N(width)).Append("\" height=\"").Append(N(LaneHeight))
                .Append("\" fill=\"").Append(lane.Index % 2 == 0 ? "#f7f9fb" : "#ffffff").Append("\"/>")
                .Append("<text class=\"lane-label\" x=\"8\" y=\"").Append(N(y - 2)).Append("\" font-weight=\"bold\">").Append(E("#" + lane.TaskId + " " + lane.Name)).Append("</text>")
                .Append("<text class=\"lane-coroutine\" x=\"8\" y=\"").Append(N(y + 12)).Append("\" fill=\"#667\" font-size=\"10\">").Append(E(Shorten(lane.Group.Length == 0 ? lane.Coroutine : lane.Coroutine + " · " + lane.Group, 30)))
                .Append("<title>").Append(E(lane.Group.Length == 0 ? lane.Coroutine : lane.Coroutine + " in " + lane.Group)).Append("</title></text>")
                .Append("</g>\n");
        }

        // The axis: a tick at each instant whose label does not crowd the previous one.
        svg.Append("<g class=\"axis\">");
        svg.Append("<line x1=\"").Append(N(LabelWidth)).Append("\" y1=\"").Append(N(Top - 14)).Append("\" x2=\"").Append(N(width - 20)).Append("\" y2=\"").Append(N(Top - 14)).Append("\" stroke=\"#99a\"/>");
        double lastLabel = double.NegativeInfinity;
        foreach ((double value, double start, _) in timeline.Instants)
        {
            double x = map.X(start);
            svg.Append("<line x1=\"").Append(N(x)).Append("\" y1=\"").Append(N(Top - 18)).Append("\" x2=\"").Append(N(x)).Append("\" y2=\"").Append(N(height - 20))
                .Append("\" stroke=\"#dde\" stroke-width=\"1\"/>");
            if (x - lastLabel >= 56)
            {
                svg.Append("<text class=\"tick\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(Top - 22)).Append("\" fill=\"#445\">")
                    .Append(E(Timeline.AxisLabel(timeline.Axis, value))).Append("</text>");
                lastLabel = x;
            }
        }

        svg.Append("</g>\n");

        // Slices: waits and ready turns below, steps on top.
        foreach (TimelineSlice slice in timeline.Slices)
        {
            if (slice.Kind != TimelineSliceKind.Step)
            {
                AppendSlice(svg, map, slice);
            }
        }

        foreach (TimelineSlice slice in timeline.Slices)
        {
            if (slice.Kind == TimelineSliceKind.Step)
            {
                AppendSlice(svg, map, slice);
            }
        }

        // Arrows: who woke or spawned whom.
        foreach (TimelineArrow arrow in timeline.Arrows)
        {
            double x1 = map.X(arrow.From);
            double y1 = arrow.FromLane < 0 ? Top - 14 : LaneY(arrow.FromLane);
            double x2 = map.X(arrow.To);
            double y2 = LaneY(arrow.ToLane) + (y1 < LaneY(arrow.ToLane) ? -BarHeight / 2 : BarHeight / 2);
            string cls = arrow.Kind == TimelineArrowKind.Wake ? "wake" : "spawn";
            svg.Append("<path class=\"").Append(cls).Append("\" d=\"M").Append(N(x1)).Append(',').Append(N(y1)).Append(" C").Append(N(x1 + 14)).Append(',').Append(N(y1))
                .Append(' ').Append(N(x2 - 14)).Append(',').Append(N(y2)).Append(' ').Append(N(x2)).Append(',').Append(N(y2))
                .Append("\" fill=\"none\" stroke=\"").Append(arrow.Kind == TimelineArrowKind.Wake ? "#c0392b" : "#27ae60")
                .Append("\" stroke-width=\"1.3\"").Append(arrow.Kind == TimelineArrowKind.Spawn ? " stroke-dasharray=\"4 2\"" : string.Empty)
                .Append(" marker-end=\"url(#").Append(arrow.Kind == TimelineArrowKind.Wake ? "arrow" : "spawn-arrow").Append(")\"><title>")
                .Append(E((arrow.Kind == TimelineArrowKind.Wake ? "woken by " : string.Empty) + arrow.Label)).Append("</title></path>\n");
        }

        // Marks: spawns, ends, cancel requests on lanes; clock jumps and deadlocks across.
        foreach (TimelineMark mark in timeline.Marks)
        {
            double x = map.X(mark.At);
            if (mark.Lane < 0)
            {
                string color = mark.Kind == TimelineMarkKind.Deadlock ? "#c0392b" : "#7f8c9a";
                svg.Append("<line class=\"").Append(mark.Kind == TimelineMarkKind.Deadlock ? "deadlock" : "jump").Append("\" x1=\"").Append(N(x)).Append("\" y1=\"").Append(N(Top - 10))
                    .Append("\" x2=\"").Append(N(x)).Append("\" y2=\"").Append(N(height - 20)).Append("\" stroke=\"").Append(color).Append("\" stroke-dasharray=\"3 3\"><title>")
                    .Append(E(mark.Label)).Append("</title></line>\n");
                continue;
            }

            double y = LaneY(mark.Lane);
            (string symbol, string color2) = mark.Kind switch
            {
                TimelineMarkKind.Spawned => ("●", "#27ae60"),
                TimelineMarkKind.Completed => ("✔", "#27ae60"),
                TimelineMarkKind.Failed => ("✖", "#c0392b"),
                TimelineMarkKind.Cancelled => ("⊘", "#8e44ad"),
                _ => ("!", "#8e44ad"),
            };
            svg.Append("<text class=\"mark ").Append(mark.Kind.ToString().ToLowerInvariant()).Append("\" x=\"").Append(N(x)).Append("\" y=\"").Append(N(y - 12))
                .Append("\" text-anchor=\"middle\" fill=\"").Append(color2).Append("\" font-size=\"11\">").Append(symbol).Append("<title>").Append(E(mark.Label)).Append("</title></text>\n");
        }

        svg.Append("</svg>");

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:16px;color:#223}h1{font-size:18px;margin:0 0 4px}p{margin:4px 0 10px;font-size:13px}")
            .Append(".scroll{overflow-x:auto;border:1px solid #dde}ul.legend{font-size:12px;padding-left:18px}svg text{white-space:pre}</style>\n</head>\n<body>\n<h1>")
            .Append(E(title)).Append("</h1>\n<p class=\"summary\">").Append(timeline.Lanes.Count).Append(timeline.Lanes.Count == 1 ? " task" : " tasks").Append(", ")
            .Append(Count(timeline, TimelineSliceKind.Step)).Append(" steps, ").Append(CountWakes(timeline)).Append(" wake-ups; axis: ")
            .Append(timeline.Axis == TimelineAxis.Frames ? "frames" : "loop time (seconds)").Append(". Hover over a box or an arrow for details.</p>\n<div class=\"scroll\">\n")
            .Append(svg).Append("\n</div>\n<ul class=\"legend\">")
            .Append("<li><b>blue box</b>: a step (the task runs from the site named in its tooltip to its next yield)</li>")
            .Append("<li><b>grey bar</b>: waiting, labelled with what the task waits on</li>")
            .Append("<li><b>hatched bar</b>: woken, waiting on the ready queue for its turn</li>")
            .Append("<li><b>red arrow</b>: a wake-up, from the task (or the loop's timers, for arrows from the axis) that woke it; <b>green dashed arrow</b>: a spawn</li>")
            .Append("<li>● spawned, ✔ completed, ✖ failed, ⊘ cancelled; dashed vertical line: the virtual clock jumps</li></ul>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendSlice(StringBuilder svg, XMap map, TimelineSlice slice)
    {
        double x1 = map.X(slice.Start);
        double x2 = Math.Max(map.X(slice.End), x1 + (slice.Kind == TimelineSliceKind.Step ? 5 : 1));
        double y = LaneY(slice.Lane);
        double h = slice.Kind == TimelineSliceKind.Step ? BarHeight : BarHeight - 6;
        string cls = slice.Kind.ToString().ToLowerInvariant();
        string fill = slice.Kind switch
        {
            TimelineSliceKind.Step => "#2e86de",
            TimelineSliceKind.Waiting => "#dfe4ea",
            _ => "url(#hatch)",
        };
        svg.Append("<g class=\"").Append(cls).Append("\"><rect x=\"").Append(N(x1)).Append("\" y=\"").Append(N(y - (h / 2))).Append("\" width=\"").Append(N(x2 - x1))
            .Append("\" height=\"").Append(N(h)).Append("\" rx=\"2\" fill=\"").Append(fill).Append("\"/><title>")
            .Append(E((slice.Kind == TimelineSliceKind.Step ? "step at " : slice.Kind == TimelineSliceKind.Waiting ? "waits for " : "ready: ") + slice.Label + " (" + slice.Detail + ")"))
            .Append("</title>");
        if (slice.Kind == TimelineSliceKind.Waiting)
        {
            string label = slice.Label;
            double room = x2 - x1 - 8;
            int fits = (int)(room / 6.2);
            if (fits >= 4)
            {
                svg.Append("<text class=\"wait-label\" x=\"").Append(N(x1 + 4)).Append("\" y=\"").Append(N(y + 4)).Append("\" fill=\"#445\" font-size=\"10\">")
                    .Append(E(Shorten(label, fits))).Append("</text>");
            }
        }

        svg.Append("</g>\n");
    }

    private static double LaneY(int lane) => Top + (lane * LaneHeight) + (LaneHeight / 2);

    private static int Count(Timeline timeline, TimelineSliceKind kind)
    {
        int n = 0;
        foreach (TimelineSlice s in timeline.Slices)
        {
            n += s.Kind == kind ? 1 : 0;
        }

        return n;
    }

    private static int CountWakes(Timeline timeline)
    {
        int n = 0;
        foreach (TimelineArrow a in timeline.Arrows)
        {
            n += a.Kind == TimelineArrowKind.Wake ? 1 : 0;
        }

        return n;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text.Substring(0, Math.Max(1, max - 1)) + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    // Positions to pixels, through the instants (see the type's comment).
    private sealed class XMap
    {
        private readonly List<(double Start, double End, double X)> _columns = new();

        public XMap(Timeline timeline)
        {
            IReadOnlyList<(double Value, double Start, double End)> instants = timeline.Instants;
            double span = instants.Count > 1 ? instants[instants.Count - 1].Value - instants[0].Value : 1;
            double perUnit = span > 0 ? 640 / span : 1;
            double x = LabelWidth + 12;
            for (int i = 0; i < instants.Count; i++)
            {
                if (i > 0)
                {
                    x += Math.Min(MaxGap, Math.Max(MinGap, (instants[i].Value - instants[i - 1].Value) * perUnit));
                }

                _columns.Add((instants[i].Start, instants[i].End, x));
                x += (instants[i].End - instants[i].Start) * PixelsPerEvent;
            }

            Width = x - LabelWidth + 12;
        }

        public double Width { get; }

        public double X(double position)
        {
            if (_columns.Count == 0)
            {
                return LabelWidth;
            }

            int lo = 0;
            int hi = _columns.Count - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) / 2;
                if (_columns[mid].Start <= position)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            (double start, double end, double x) = _columns[lo];
            return x + (Math.Min(position, end + 1) - start) * PixelsPerEvent;
        }
    }
}
