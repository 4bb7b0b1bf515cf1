using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Observe;

// The HTML timeline rendered by a real browser (headless Chromium): what a person would see, read back from the DOM
// the browser built and laid out.
[TestClass]
[DoNotParallelize]
public sealed class BrowserTimelineTests
{
    // Measured by the browser after layout, written into the page for --dump-dom to print.
    private const string Probe =
        "<script>window.addEventListener('load',function(){var svg=document.querySelector('svg.timeline');var box=svg.getBoundingClientRect();" +
        "var q=function(s){return Array.prototype.slice.call(document.querySelectorAll(s));};" +
        "var r={lanes:q('g.lane').length,labels:q('.lane-label').map(function(e){return e.textContent;})," +
        "steps:q('g.step rect').filter(function(e){var b=e.getBoundingClientRect();return b.width>0&&b.height>0;}).length," +
        "wakes:q('path.wake').length,ticks:q('text.tick').map(function(e){return e.textContent;}),width:box.width,height:box.height," +
        "drawn:svg.getBBox().width};var pre=document.createElement('pre');pre.id='probe';pre.textContent=JSON.stringify(r);document.body.appendChild(pre);});</script>";

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public void Chromium_renders_a_lane_per_task_with_its_labels_and_steps()
    {
        string? browser = HeadlessBrowser.Find(out string whyMissing);
        if (browser is null)
        {
            Assert.Inconclusive("Skipped: " + whyMissing);
        }

        string html = TimelineTests.RecordGather().ToTimeline().ToHtml("asyncio.gather in generator form");
        string dir = Path.Combine(Path.GetTempPath(), "obs-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string page = Path.Combine(dir, "timeline.html");
            File.WriteAllText(page, html.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
            string dom = HeadlessBrowser.Run(browser, "--dump-dom \"file://" + page + "\"", TimeSpan.FromSeconds(120));
            Match probe = Regex.Match(dom, "<pre id=\"probe\">(?<json>.*?)</pre>", RegexOptions.Singleline);
            Assert.IsTrue(probe.Success, "the browser ran the page and laid it out:\n" + dom);
            using JsonDocument result = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(probe.Groups["json"].Value));
            JsonElement r = result.RootElement;
            Assert.AreEqual(3, r.GetProperty("lanes").GetInt32());
            CollectionAssert.AreEqual(new[] { "#1 main", "#2 Task-2", "#3 Task-3" }, r.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).ToArray());
            Assert.AreEqual(6, r.GetProperty("steps").GetInt32(), "six visible steps");
            Assert.AreEqual(3, r.GetProperty("wakes").GetInt32());
            CollectionAssert.IsSubsetOf(new[] { "t=0", "t=1" }, r.GetProperty("ticks").EnumerateArray().Select(e => e.GetString()).ToArray());
            Assert.IsGreaterThan(300.0, r.GetProperty("width").GetDouble());
            Assert.IsGreaterThan(100.0, r.GetProperty("height").GetDouble());
            Assert.IsGreaterThan(300.0, r.GetProperty("drawn").GetDouble(), "the SVG is not empty");

            string png = Path.Combine(dir, "timeline.png");
            HeadlessBrowser.Run(browser, "--screenshot=\"" + png + "\" --window-size=1000,300 \"file://" + Path.Combine(dir, "timeline.html") + "\"", TimeSpan.FromSeconds(120));
            Assert.IsGreaterThan(5_000L, new FileInfo(png).Length, "a screenshot with something drawn on it");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
