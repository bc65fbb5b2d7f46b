using Serverless.Diag.ApplicationInsights;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Tests.ApplicationInsights;

public class AvailabilityMapperTests
{
    private static readonly EnvelopeContext Context = new("ikey", "West Europe", "func-diag", "instance-1", "serverless-diag:0.1.0");
    private static readonly DateTimeOffset Time = new(2026, 12, 2, 1, 2, 3, TimeSpan.Zero);

    [Theory]
    [InlineData(12.5, "0.00:00:00.0125000")]
    [InlineData(61_234.5, "0.00:01:01.2345000")]
    [InlineData(90_061_000, "1.01:01:01.0000000")]
    [InlineData(-3, "0.00:00:00.0000000")]
    public void Durations_use_the_track_api_format(double milliseconds, string expected) =>
        Assert.Equal(expected, AvailabilityMapper.FormatDuration(milliseconds));

    [Theory]
    [InlineData(CheckStatus.Pass, true)]
    [InlineData(CheckStatus.Warn, true)]
    [InlineData(CheckStatus.Skipped, true)]
    [InlineData(CheckStatus.Fail, false)]
    [InlineData(CheckStatus.Error, false)]
    public void Only_fail_and_error_are_unavailable(CheckStatus status, bool success) =>
        Assert.Equal(success, AvailabilityMapper.IsSuccess(status));

    [Fact]
    public void An_error_carries_its_cause_and_message_and_the_trace_context_sets_operation_and_id()
    {
        var trace = TraceContext.CreateRandom();
        var check = Report(CheckStatus.Error) with { Error = new ProbeError(ErrorCause.Timeout, "no response within 2s"), Trace = trace };

        var envelope = AvailabilityMapper.Map(check, Time, Context);

        Assert.Equal("production/api", envelope.Data.BaseData.Name);
        Assert.Equal("timeout: no response within 2s", envelope.Data.BaseData.Message);
        Assert.Equal("timeout", envelope.Data.BaseData.Properties["cause"]);
        Assert.Equal("error", envelope.Data.BaseData.Properties["status"]);
        Assert.Equal(trace.TraceId.ToHexString(), envelope.Tags["ai.operation.id"]);
        Assert.Equal(trace.SpanId.ToHexString(), envelope.Data.BaseData.Id);
        Assert.Equal("2026-12-02T01:02:03.0000000Z", envelope.Time);
        Assert.Equal("func-diag", envelope.Tags["ai.cloud.role"]);
    }

    [Fact]
    public void A_passing_check_has_no_message_nor_cause_and_only_finite_numbers_become_measurements()
    {
        var check = Report(CheckStatus.Pass) with
        {
            Measurements = new Dictionary<string, object?> { ["latency"] = 12.5, ["status"] = 200d, ["body"] = "text", ["ok"] = true, ["ratio"] = double.NaN, ["inf"] = double.PositiveInfinity },
        };

        var data = AvailabilityMapper.Map(check, Time, Context).Data.BaseData;

        Assert.Null(data.Message);
        Assert.False(data.Properties.ContainsKey("cause"));
        Assert.Equal(new Dictionary<string, double> { ["latency"] = 12.5, ["status"] = 200 }, data.Measurements);
    }

    [Fact]
    public void Warnings_failures_and_skips_name_their_cause()
    {
        var failed = Report(CheckStatus.Fail) with { Assertions = [new AssertionResult("status == 200", false, "503", AssertionLevel.Fail)] };
        var degraded = Report(CheckStatus.Warn) with { Warnings = ["slow TLS handshake"] };
        var skipped = Report(CheckStatus.Skipped) with { SkippedBecauseOf = "database", SkipReason = "depends on database, which failed" };

        Assert.Equal("assertion", AvailabilityMapper.Cause(failed));
        Assert.Equal("status == 200 failed (actual 503)", AvailabilityMapper.Map(failed, Time, Context).Data.BaseData.Message);
        Assert.Equal("degraded", AvailabilityMapper.Cause(degraded));
        Assert.Equal("dependency_failed", AvailabilityMapper.Cause(skipped));
        Assert.Equal("database", AvailabilityMapper.Map(skipped, Time, Context).Data.BaseData.Properties["skippedBecauseOf"]);
    }

    [Fact]
    public void An_untraced_check_gets_an_operation_of_its_own_and_a_huge_message_is_cut()
    {
        var check = Report(CheckStatus.Fail) with { Assertions = [new AssertionResult("body contains \"x\"", false, new string('y', 20_000), AssertionLevel.Fail)] };

        var first = AvailabilityMapper.Map(check, Time, Context);
        var second = AvailabilityMapper.Map(check, Time, Context);

        Assert.Matches("^[0-9a-f]{32}$", first.Tags["ai.operation.id"]);
        Assert.NotEqual(first.Tags["ai.operation.id"], second.Tags["ai.operation.id"]);
        Assert.Equal(AvailabilityMapper.MaxMessageLength, first.Data.BaseData.Message!.Length);
        Assert.EndsWith("…", first.Data.BaseData.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_batch_is_newline_delimited_json_one_envelope_per_line()
    {
        var envelopes = new List<AvailabilityEnvelope> { AvailabilityMapper.Map(Report(CheckStatus.Pass), Time, Context), AvailabilityMapper.Map(Report(CheckStatus.Fail), Time, Context) };

        var lines = System.Text.Encoding.UTF8.GetString(AvailabilityExporter.Serialize(envelopes).Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("{\"name\":\"Microsoft.ApplicationInsights.Availability\",\"time\":", line, StringComparison.Ordinal));
        Assert.Contains("\"baseType\":\"AvailabilityData\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"success\":false", lines[1], StringComparison.Ordinal);
    }

    private static CheckReport Report(CheckStatus status) => new()
    {
        Name = "api",
        Type = "http",
        Environment = "production",
        Status = status,
        Severity = Severity.P1,
        DurationMs = 42,
        Attempts = 1,
    };
}
