using Serverless.Diag.Assertions;
using Serverless.Diag.Incidents;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Tests.State;
using Serverless.Diag.Trends;

namespace Serverless.Diag.Tests.History;

public sealed class TrendTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TrendLimit MemoryCeiling = Limit("memory.ratio < 80%");

    private readonly MemoryHarness _harness = new();
    private double _value;

    public TrendTests() =>
        _harness.Probes.On("cache", (_, _) =>
        {
            var result = new ProbeResult();
            result.Measurements.Set("status", 200.0);
            result.Measurements.Set("value", _value);
            return Task.FromResult(result);
        });

    [Fact]
    public void A_rising_series_is_forecast_to_reach_its_limit_with_the_hours_left()
    {
        // 0.50 rising 1 point an hour for 24 h: 74% now, 80% in ~6h.
        var forecast = TrendForecaster.Forecast(Series(25, h => 0.50 + (0.01 * h)), MemoryCeiling, Start.AddHours(24), TimeSpan.FromDays(2));

        Assert.NotNull(forecast);
        Assert.Equal(6, forecast.ReachesIn.TotalHours, 1);
        Assert.StartsWith("memory.ratio reaches 80% in ~6h at the current slope (now 74%", forecast.Message, StringComparison.Ordinal);
        Assert.Null(TrendForecaster.Forecast(Series(25, h => 0.50 + (0.01 * h)), MemoryCeiling, Start.AddHours(24), TimeSpan.FromHours(3)));
    }

    [Fact]
    public void A_flat_series_makes_no_forecast() =>
        Assert.Null(TrendForecaster.Forecast(Series(48, _ => 0.70), MemoryCeiling, Start.AddHours(47), TimeSpan.FromDays(30)));

    [Fact]
    public void A_noisy_series_without_a_real_slope_makes_no_forecast()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var noise = Series(48, _ => 0.70 + ((random.NextDouble() - 0.5) * 0.16));
            Assert.Null(TrendForecaster.Forecast(noise, MemoryCeiling, Start.AddHours(47), TimeSpan.FromDays(30)));
        }
    }

    [Fact]
    public void A_falling_series_heads_away_from_a_ceiling_but_towards_a_floor()
    {
        var falling = Series(24, h => 40 - (0.5 * h)); // cert.days_left-like: 28.5 now
        Assert.Null(TrendForecaster.Forecast(falling, Limit("value < 80"), Start.AddHours(23), TimeSpan.FromDays(30)));

        var floor = TrendForecaster.Forecast(falling, Limit("value >= 14"), Start.AddHours(23), TimeSpan.FromDays(30));
        Assert.NotNull(floor);
        Assert.Equal(29, floor.ReachesIn.TotalHours, 1);
    }

    [Fact]
    public void Too_few_points_or_a_value_already_past_its_limit_make_no_forecast()
    {
        Assert.Null(TrendForecaster.Forecast(Series(TrendForecaster.MinPoints - 1, h => 0.5 + (0.05 * h)), MemoryCeiling, Start.AddHours(6), TimeSpan.FromDays(2)));
        Assert.Null(TrendForecaster.Forecast(Series(24, h => 0.70 + (0.01 * h)), MemoryCeiling, Start.AddHours(23), TimeSpan.FromDays(2)));
    }

    [Theory]
    [InlineData("flat")]
    [InlineData("noisy")]
    public async Task Flat_and_noisy_histories_open_no_degrading_incident(string shape)
    {
        var random = new Random(11);
        for (var run = 0; run < 30; run++)
        {
            _value = shape == "flat" ? 50 : 50 + ((random.NextDouble() - 0.5) * 20);
            var report = await RunAsync();
            var observations = ObservationReader.Read(report, stormThreshold: 100);
            Assert.Empty(observations.Failing);
            Assert.Equal(CheckStatus.Pass, report.Environments[0].Checks[0].Status);
            if (run >= 1)
            {
                Assert.Contains(IncidentFingerprint.Degrading("default", "cache"), observations.Passing);
            }
        }
    }

    [Fact]
    public async Task A_rising_value_warns_opens_one_p3_degrading_incident_and_recovers_when_it_levels_off()
    {
        for (var run = 0; run < 12; run++)
        {
            _value = 40 + (run * 2); // 2 points an hour towards the limit of 80
            await RunAsync();
        }

        _value = 64;
        var report = await RunAsync();
        var check = report.Environments[0].Checks[0];

        Assert.Equal(CheckStatus.Warn, check.Status);
        var warning = Assert.Single(check.Assertions, a => a.Expression == "trend: value < 80");
        Assert.StartsWith("value reaches 80 in ~8h at the current slope", warning.Message, StringComparison.Ordinal);
        var incident = Assert.Single(ObservationReader.Read(report, stormThreshold: 100).Failing);
        Assert.Equal(("default/cache~degrading", Serverless.Diag.Configuration.Severity.P3, "cache"), (incident.Fingerprint, incident.Severity, incident.CheckName));
        Assert.Equal(["trend: value < 80"], incident.Failing);
        Assert.DoesNotContain(IncidentFingerprint.Of("default", "cache"), ObservationReader.Read(report, 100).Failing.Select(f => f.Fingerprint));

        // Levelled off: many flat runs later the forecast is gone and the degrading fingerprint passes.
        for (var run = 0; run < 40; run++)
        {
            _value = 64;
            report = await RunAsync();
        }

        Assert.Equal(CheckStatus.Pass, report.Environments[0].Checks[0].Status);
        Assert.Contains(IncidentFingerprint.Degrading("default", "cache"), ObservationReader.Read(report, 100).Passing);
    }

    public void Dispose() => _harness.Dispose();

    private async Task<RunReport> RunAsync()
    {
        _harness.Time.Advance(TimeSpan.FromHours(1));
        return await _harness.RunAsync("""
            version: 1
            checks:
              - name: cache
                type: scripted
                timeout: 1s
                trend: { window: 3d, horizon: 1d }
                expect:
                  - status == 200
                  - value < 80
            """);
    }

    private static List<(DateTimeOffset, double)> Series(int count, Func<int, double> value) =>
        [.. Enumerable.Range(0, count).Select(h => (Start.AddHours(h), value(h)))];

    private static TrendLimit Limit(string text)
    {
        Assert.True(AssertionParser.TryParse(text, AssertionLevel.Fail, out var assertion, out _));
        return Assert.Single(TrendLimits.Of(assertion));
    }
}
