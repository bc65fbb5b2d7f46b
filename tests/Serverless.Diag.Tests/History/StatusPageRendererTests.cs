using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Reporting;
using Serverless.Diag.Sinks.StatusPage;
using Serverless.Diag.State.History;
using static Serverless.Diag.Tests.State.History.Timelines;

namespace Serverless.Diag.Tests.History;

public class StatusPageRendererTests
{
    private static StatusPageModel Model(string check, IReadOnlyList<OpenIncident>? incidents = null, string title = "Status")
    {
        var now = At("06:00");
        var runs = Every(5, "00:00", "05:55", CheckStatus.Pass, check).ToList();
        var timeline = AvailabilityTimeline.Build(runs, StatusPageRenderer.FirstDay(now), now, TimeSpan.FromMinutes(15), []);
        var availability = new CheckAvailability(check, timeline, runs.Count, 10, 20, TimeSpan.FromMinutes(5), InMaintenance: false);
        var history = new AvailabilityReport(StatusPageRenderer.FirstDay(now), now, "test", [new EnvironmentAvailability("prod<i>", [availability])]);
        return new StatusPageModel(title, now, history, incidents ?? [], []);
    }

    [Fact]
    public void Names_from_the_config_and_incidents_are_html_encoded_and_script_links_are_not_linked()
    {
        var incidents = new[]
        {
            new OpenIncident("prod<i>", "<img src=x onerror=alert(1)>", "\"><script>alert(2)</script>", null, new Uri("javascript:alert(3)")),
            new OpenIncident("prod<i>", "api", "API down", null, new Uri("https://github.com/acme/app/issues/7?a=1&b=2")),
        };

        var html = StatusPageRenderer.Render(Model("<script>alert(1)</script>", incidents, "A&B <b>")).IndexHtml;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<title>A&amp;B &lt;b&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://github.com/acme/app/issues/7?a=1&amp;b=2\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_of_the_ninety_bars_says_its_day_and_availability_in_words()
    {
        var html = StatusPageRenderer.Render(Model("api")).IndexHtml;

        Assert.Equal(StatusPageRenderer.Days, html.Split("<li class=\"bar ").Length - 1);
        Assert.Contains("<li class=\"bar bar-up\" title=\"2026-11-30: 100% available\"><span class=\"visually-hidden\">2026-11-30: 100% available</span></li>", html, StringComparison.Ordinal);
        Assert.Contains("title=\"2026-11-29: no data\"", html, StringComparison.Ordinal);
        Assert.Contains("title=\"2026-09-02: no data\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, "up", "2026-11-30: 100% available")]
    [InlineData(0.9992, "up", "2026-11-30: 99.92% available")]
    [InlineData(0.992, "degraded", "2026-11-30: 99.2% available")]
    [InlineData(0.5, "down", "2026-11-30: 50% available")]
    public void A_bar_is_coloured_by_its_day_s_availability(double share, string css, string label)
    {
        var day = TimeSpan.FromDays(1);
        var totals = new AvailabilityTotals(day * share, day * (1 - share), TimeSpan.Zero, TimeSpan.Zero);

        Assert.Equal((css, label), StatusPageRenderer.Bar(At("00:00"), totals));
    }

    [Fact]
    public void Bad_report_and_status_page_values_are_config_errors_with_positions()
    {
        const string yaml = """
            version: 1
            report:
              issue: weekly
              labels: []
            status_page:
              publish: maybe
              colour: red
            checks:
              - name: a
                type: tcp
                host: localhost
                port: 1
            """;

        var error = Assert.Throws<ConfigException>(() => new ConfigLoader(ProbeCatalog.CreateDefault()).Parse(yaml, "diag.yaml"));
        var messages = error.Errors.Select(e => e.ToString()).ToList();

        Assert.Contains(messages, m => m.StartsWith("diag.yaml:3:10:", StringComparison.Ordinal) && m.Contains("'report.issue' must be monthly or off", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("diag.yaml:4:11:", StringComparison.Ordinal) && m.Contains("'report.labels'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("diag.yaml:6:12:", StringComparison.Ordinal) && m.Contains("status_page.publish", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("diag.yaml:7:", StringComparison.Ordinal) && m.Contains("colour", StringComparison.Ordinal));
    }

    [Fact]
    public void Valid_blocks_are_read_into_their_settings()
    {
        const string yaml = """
            version: 1
            report: { issue: monthly, labels: [sla, ops] }
            status_page: { title: Acme status, publish: true }
            checks:
              - name: a
                type: tcp
                host: localhost
                port: 1
            """;

        var config = new ConfigLoader(ProbeCatalog.CreateDefault()).Parse(yaml, "diag.yaml");

        Assert.True(ReportSettings.Of(config).MonthlyIssue);
        Assert.Equal(["sla", "ops"], ReportSettings.Of(config).Labels);
        Assert.Equal(new StatusPageSettings { Title = "Acme status", Publish = true }, StatusPageSettings.Of(config));
    }
}
