using Serverless.Diag.Probes;
using Serverless.Diag.Probes.HttpLoad;

namespace Serverless.Diag.Tests.HttpLoad;

public class LoadRecorderTests
{
    [Fact]
    public void Percentiles_come_from_the_histogram_within_its_precision()
    {
        var recorder = new LoadRecorder();
        for (var ms = 1; ms <= 1000; ms++)
        {
            recorder.Record(ms, 0, ms, LoadOutcome.Response(200));
        }

        Assert.Equal(500, recorder.Percentile(50), 0.5);
        Assert.InRange(recorder.Percentile(99), 989, 992);
        Assert.InRange(recorder.MaxMs, 1000, 1001);
    }

    [Fact]
    public void Memory_stays_constant_however_many_requests_are_recorded()
    {
        var recorder = new LoadRecorder();
        var before = recorder.Latency.GetEstimatedFootprintInBytes();
        for (var i = 0; i < 1_000_000; i++)
        {
            recorder.Record(i, 0, (i % 5000) * 0.37, LoadOutcome.Response(200));
        }

        Assert.Equal(1_000_000, recorder.Count);
        Assert.Equal(before, recorder.Latency.GetEstimatedFootprintInBytes());
        Assert.True(before < 1024 * 1024, $"histogram footprint {before} B");
    }

    [Fact]
    public void Outcomes_become_measurements_with_errors_counted_by_kind()
    {
        var recorder = new LoadRecorder();
        Record(recorder, 70, LoadOutcome.Response(200));
        Record(recorder, 10, LoadOutcome.Response(302));
        Record(recorder, 10, LoadOutcome.Response(503));
        Record(recorder, 6, LoadOutcome.Failure(LoadErrorKind.Timeout, new TaskCanceledException("timed out")));
        Record(recorder, 4, LoadOutcome.Failure(LoadErrorKind.Connection, new HttpRequestException("Connection refused")));
        var m = new Measurements();

        LoadResultBuilder.AddMeasurements(m, recorder, new LoadRunSummary(TimeSpan.FromSeconds(2)));

        Assert.Equal(100.0, m.Lookup("requests").Value);
        Assert.Equal(50.0, m.Lookup("throughput").Value);
        Assert.Equal(0.2, (double)m.Lookup("error_rate").Value!, 6);
        Assert.Equal(70.0, m.Lookup("status.200").Value);
        Assert.Equal(10.0, m.Lookup("status.302").Value);
        Assert.Equal(10.0, m.Lookup("status.503").Value);
        Assert.Equal(0.0, m.Lookup("status.500").Value);
        Assert.False(m.Lookup("status.abc").Found);
        Assert.Equal(10.0, m.Lookup("errors.status").Value);
        Assert.Equal(6.0, m.Lookup("errors.timeout").Value);
        Assert.Equal(4.0, m.Lookup("errors.connection").Value);
        Assert.Equal(0.0, m.Lookup("errors.reset").Value);
        Assert.Contains("Connection refused", recorder.SampleMessage(LoadErrorKind.Connection), StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_that_never_answers_is_given_up_on()
    {
        var recorder = new LoadRecorder();
        Record(recorder, HttpLoadLimits.AbortAfterUnansweredAttempts - 1, LoadOutcome.Failure(LoadErrorKind.Connection, null));
        Assert.False(recorder.TargetLooksDown);

        Record(recorder, 1, LoadOutcome.Failure(LoadErrorKind.Connection, null));
        Assert.True(recorder.TargetLooksDown);
    }

    [Fact]
    public void A_target_that_answered_once_is_never_given_up_on()
    {
        var recorder = new LoadRecorder();
        Record(recorder, 1, LoadOutcome.Response(200));
        Record(recorder, 1000, LoadOutcome.Failure(LoadErrorKind.Reset, null));

        Assert.False(recorder.TargetLooksDown);
    }

    [Fact]
    public void The_slowest_requests_are_kept_slowest_first()
    {
        var slowest = new SlowestRequests(3);
        foreach (var ms in new[] { 5.0, 50, 1, 40, 7, 60, 2 })
        {
            slowest.Offer(new SlowRequest((long)ms, 0, ms, 200, LoadErrorKind.None));
        }

        Assert.Equal([60.0, 50, 40], slowest.Snapshot().Select(s => s.LatencyMs));
    }

    [Fact]
    public void Lateness_of_scheduled_requests_is_tracked()
    {
        var recorder = new LoadRecorder();
        recorder.RecordLateness(0.4);
        recorder.RecordLateness(12);
        recorder.RecordLateness(3);

        Assert.Equal(2, recorder.LateStarts);
        Assert.Equal(12, recorder.MaxLatenessMs, 3);
    }

    private static void Record(LoadRecorder recorder, int count, LoadOutcome outcome)
    {
        for (var i = 0; i < count; i++)
        {
            recorder.Record(i, 0, 10, outcome);
        }
    }
}
