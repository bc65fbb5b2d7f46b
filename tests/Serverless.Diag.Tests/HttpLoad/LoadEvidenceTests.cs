using System.Net.Sockets;
using Serverless.Diag.Probes.HttpLoad;

namespace Serverless.Diag.Tests.HttpLoad;

public class LoadEvidenceTests
{
    [Fact]
    public void The_chart_shows_both_modes_of_a_bimodal_service_with_the_gap_between_them()
    {
        var recorder = new LoadRecorder();
        for (var i = 0; i < 950; i++)
        {
            recorder.Record(i, 0, 2, LoadOutcome.Response(200));
        }

        for (var i = 0; i < 50; i++)
        {
            recorder.Record(i, 0, 200, LoadOutcome.Response(200));
        }

        var lines = LatencyText.Chart(recorder.Latency).TrimEnd().Split('\n');

        Assert.Contains("950 (95.0%)", lines[0], StringComparison.Ordinal);
        Assert.Contains("50 (5.0%)", lines[^1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.EndsWith("| 0 (0.0%)", StringComparison.Ordinal));
        Assert.Equal(40, lines[0].Count(c => c == '#'));
        Assert.InRange(lines[^1].Count(c => c == '#'), 1, 3);
    }

    [Fact]
    public void The_distribution_is_hdrhistograms_percentile_table_in_milliseconds()
    {
        var recorder = new LoadRecorder();
        for (var ms = 1; ms <= 100; ms++)
        {
            recorder.Record(ms, 0, ms, LoadOutcome.Response(200));
        }

        var text = LatencyText.Distribution(recorder.Latency);

        Assert.Contains("Value     Percentile TotalCount 1/(1-Percentile)", text, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+50\.0\d\d 0\.500000000000\s+50\s+2\.00\n", text);
        Assert.Matches(@"\n\s+100\.0\d\d 1\.000000000000\s+100\n", text);
        Assert.Contains("Total count    =          100]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeouts_and_5xx_point_at_pool_exhaustion()
    {
        var recorder = new LoadRecorder();
        recorder.Record(1, 0, 10, LoadOutcome.Response(200));
        recorder.Record(2, 0, 10, LoadOutcome.Response(503));

        Assert.Contains(LoadHints.For(recorder), h => h.Contains("pool exhaustion", StringComparison.Ordinal));
    }

    [Fact]
    public void A_slow_median_points_at_missing_indexes_and_caching()
    {
        var recorder = new LoadRecorder();
        for (var i = 0; i < 10; i++)
        {
            recorder.Record(i, 0, 1500, LoadOutcome.Response(200));
        }

        var hint = Assert.Single(LoadHints.For(recorder));
        Assert.Contains("missing indexes", hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slow_tail_points_at_cache_misses()
    {
        var recorder = new LoadRecorder();
        for (var i = 0; i < 1000; i++)
        {
            recorder.Record(i, 0, i % 50 == 0 ? 300 : 3, LoadOutcome.Response(200));
        }

        var hint = Assert.Single(LoadHints.For(recorder));
        Assert.Contains("cache misses", hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_healthy_run_gets_no_hints()
    {
        var recorder = new LoadRecorder();
        for (var i = 0; i < 1000; i++)
        {
            recorder.Record(i, 0, 20 + (i % 5), LoadOutcome.Response(200));
        }

        Assert.Empty(LoadHints.For(recorder));
    }

    [Fact]
    public void Transport_failures_are_classified_by_kind()
    {
        Assert.Equal(LoadErrorKind.Connection, LoadRequestSender.Classify(new HttpRequestException(HttpRequestError.ConnectionError, "refused")));
        Assert.Equal(LoadErrorKind.Dns, LoadRequestSender.Classify(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host")));
        Assert.Equal(LoadErrorKind.Reset, LoadRequestSender.Classify(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));
        Assert.Equal(LoadErrorKind.Protocol, LoadRequestSender.Classify(new HttpRequestException(HttpRequestError.InvalidResponse, "garbage")));
        Assert.Equal(LoadErrorKind.Connection, LoadRequestSender.Classify(new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.Equal(LoadErrorKind.Reset, LoadRequestSender.Classify(new IOException("x", new SocketException((int)SocketError.ConnectionReset))));
        Assert.Equal(LoadErrorKind.Other, LoadRequestSender.Classify(new HttpRequestException("x")));
    }
}
