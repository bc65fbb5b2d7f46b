using System.Text.RegularExpressions;
using Serverless.Diag.IntegrationTests.Cli;
using Serverless.Diag.Reporting;
using Serverless.Diag.State;
using Serverless.Diag.State.Local;
using Serverless.Diag.TestKit.Browser;

namespace Serverless.Diag.IntegrationTests.History;

/// <summary>
/// <c>serverless-diag status-page</c> rendered in a real headless Chromium (Debian package) and validated by the Nu Html
/// Checker: every environment and check in the DOM, no console errors, no injected script, readable on a phone.
/// Screenshots are kept under the test output folder (artifacts/status-page-*.png).
/// </summary>
public sealed partial class StatusPageBrowserTests : IDisposable
{
    private const string HostileCheck = "<script>alert('x')</script>";

    private readonly string _state = Directory.CreateTempSubdirectory("diag-page-state-").FullName;
    private readonly string _site = Directory.CreateTempSubdirectory("diag-page-site-").FullName;
    private readonly DateTimeOffset _now = TimeProvider.System.GetUtcNow();

    public void Dispose()
    {
        Directory.Delete(_state, recursive: true);
        Directory.Delete(_site, recursive: true);
    }

    private static string Config() => CliHarness.WriteConfig("""
        version: 1
        status_page:
          title: Acme & "friends" status
        maintenance:
          - name: db-upgrade <b>now</b>
            start: 2099-01-01T00:00:00Z
            end: 2099-01-01T02:00:00Z
          - name: always-on-window
            cron: "0 0 * * *"
            duration: 7d
            environments: [staging]
            checks: [api]
        environments:
          production: {}
          staging: {}
        checks:
          - name: api
            type: tcp
            host: 127.0.0.1
            port: 1
          - name: "<script>alert('x')</script>"
            type: tcp
            host: 127.0.0.1
            port: 1
          - name: search
            type: tcp
            host: 127.0.0.1
            port: 1
            environments: [production]
        """);

    /// <summary>Three days of runs every 30 minutes: api passes, the hostile check fails since an hour ago; search never ran.</summary>
    private async Task SeedAsync()
    {
        var store = new LocalDirectoryStore(_state);
        foreach (var environment in new[] { "production", "staging" })
        {
            var rows = new List<HistoryEntry>();
            for (var t = _now.AddDays(-3); t <= _now; t = t.AddMinutes(30))
            {
                rows.Add(Row(environment, "api", t, CheckStatus.Pass));
                rows.Add(Row(environment, HostileCheck, t, t > _now.AddHours(-1) ? CheckStatus.Fail : CheckStatus.Pass));
            }

            await store.SaveAsync(new StateBatch(environment, [], rows, DateTimeOffset.MinValue), CancellationToken.None);
        }
    }

    private static HistoryEntry Row(string environment, string check, DateTimeOffset time, CheckStatus status) => new()
    {
        Environment = environment,
        Check = check,
        Time = time,
        RunId = $"{time:yyyyMMddHHmm}-{environment}",
        Status = status,
        FailedAssertions = status == CheckStatus.Fail ? ["connected == true"] : [],
        Measurements = new Dictionary<string, double> { ["latency"] = 12 },
    };

    private static string Artifact(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "artifacts", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    [BrowserFact]
    public async Task The_page_shows_every_environment_and_check_validates_and_loads_without_console_errors()
    {
        await SeedAsync();
        var outcome = await CliHarness.RunAsync(null, "status-page", "--config", Config(), "--output", _site, "--state", _state);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var index = Path.Combine(_site, "index.html");

        var problems = await HtmlValidator.ErrorsAsync([index, Path.Combine(_site, "status.css")]);
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.SetViewportAsync(1280, 900, mobile: false);
        await browser.NavigateAsync(new Uri(index).AbsoluteUri);
        await browser.SaveScreenshotAsync(Artifact("status-page-desktop.png"));

        Assert.Empty(browser.ConsoleErrors);
        Assert.Equal(0, (await browser.EvaluateAsync("document.scripts.length"))!.GetValue<int>());
        Assert.Equal("Acme & \"friends\" status", (await browser.EvaluateAsync("document.querySelector('h1').textContent"))!.GetValue<string>());

        // Every environment is a section headed by its name; every check of it has a heading and 90 labelled bars.
        var environments = (await browser.EvaluateAsync("JSON.stringify([...document.querySelectorAll('section.environment h2')].map(h => h.textContent))"))!.GetValue<string>();
        Assert.Equal("[\"production\",\"staging\"]", environments);
        var checks = (await browser.EvaluateAsync("JSON.stringify([...document.querySelectorAll('section.environment')].map(s => [...s.querySelectorAll('h3')].map(h => h.textContent)))"))!.GetValue<string>();
        Assert.Equal("[[\"api\",\"<script>alert('x')</script>\",\"search\"],[\"api\",\"<script>alert('x')</script>\"]]", checks);
        Assert.Equal(5 * 90, (await browser.EvaluateAsync("document.querySelectorAll('ol.bars > li').length"))!.GetValue<int>());
        var today = _now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var labels = (await browser.EvaluateAsync("[...document.querySelectorAll('ol.bars > li')].map(b => b.textContent).join('\\n')"))!.GetValue<string>();
        Assert.Contains($"{_now.AddDays(-1).UtcDateTime:yyyy-MM-dd}: 100% available", labels, StringComparison.Ordinal);
        Assert.Contains($"{_now.AddDays(-10).UtcDateTime:yyyy-MM-dd}: no data", labels, StringComparison.Ordinal);
        Assert.Matches(PercentLabel(), labels);
        Assert.Contains(today, labels, StringComparison.Ordinal);

        // Current status in words, the failing check as an open incident, maintenance listed with its name as text.
        var text = (await browser.EvaluateAsync("document.body.innerText"))!.GetValue<string>();
        Assert.Contains("Failing", text, StringComparison.Ordinal);
        Assert.Contains("Operational", text, StringComparison.Ordinal);
        Assert.Contains("No recent data", text, StringComparison.Ordinal);
        Assert.Contains("<script>alert('x')</script> is failing", text, StringComparison.Ordinal);
        Assert.Contains("always-on-window", text, StringComparison.Ordinal);
        Assert.Contains("In progress", text, StringComparison.Ordinal);
        Assert.DoesNotContain("db-upgrade", text, StringComparison.Ordinal); // 2099: not within the planned horizon
    }

    [BrowserFact]
    public async Task On_a_phone_the_page_fits_the_screen_without_sideways_scrolling()
    {
        await SeedAsync();
        var outcome = await CliHarness.RunAsync(null, "status-page", "--config", Config(), "--output", _site, "--state", _state);
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.SetViewportAsync(375, 812, mobile: true);
        await browser.NavigateAsync(new Uri(Path.Combine(_site, "index.html")).AbsoluteUri);
        await browser.SaveScreenshotAsync(Artifact("status-page-phone.png"));

        Assert.Empty(browser.ConsoleErrors);
        Assert.True((await browser.EvaluateAsync("document.documentElement.scrollWidth <= window.innerWidth"))!.GetValue<bool>());

        // Every colour of the legend stays visible (the bar rule must not hide the legend's swatches).
        Assert.True((await browser.EvaluateAsync("[...document.querySelectorAll('.legend .swatch')].every(s => s.getBoundingClientRect().width > 0)"))!.GetValue<bool>());

        // The last 30 days are drawn on a phone, the older 60 are hidden.
        Assert.Equal(30, (await browser.EvaluateAsync("[...document.querySelector('ol.bars').children].filter(b => getComputedStyle(b).display !== 'none').length"))!.GetValue<int>());
    }

    [BrowserFact]
    public async Task The_console_check_catches_a_page_that_logs_an_error_or_misses_a_file()
    {
        var page = Path.Combine(_site, "broken.html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html lang=\"en\"><head><title>t</title><link rel=\"stylesheet\" href=\"missing.css\"></head><body><script>console.error('boom')</script></body></html>");

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync(new Uri(page).AbsoluteUri);

        Assert.Contains(browser.ConsoleErrors, e => e.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(browser.ConsoleErrors, e => e.Contains("missing.css", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task The_validator_rejects_invalid_html()
    {
        var page = Path.Combine(_site, "invalid.html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><ul><div>not a list item</div></ul></body></html>");

        var problems = await HtmlValidator.ErrorsAsync([page]);

        Assert.NotEmpty(problems);
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}: (100|\d{1,2}(\.\d+)?)% available")]
    private static partial Regex PercentLabel();
}
