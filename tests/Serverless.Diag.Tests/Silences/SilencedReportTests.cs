using System.Text.Json;
using Serverless.Diag.Reporting;
using Serverless.Diag.Sinks.Console;
using Serverless.Diag.Sinks.Json;
using Serverless.Diag.Sinks.Markdown;
using Serverless.Diag.Tests.Sinks;

namespace Serverless.Diag.Tests.Silences;

/// <summary>A silenced check keeps its real status; every report format says what silences it and until when.</summary>
public sealed class SilencedReportTests
{
    private static readonly DateTimeOffset Until = new(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);

    private static RunReport Report(SilenceMark mark)
    {
        var report = ReportFixtures.Failing();
        return report with
        {
            Environments = [.. report.Environments.Select(e => e with { Checks = [.. e.Checks.Select(c => c.Status == CheckStatus.Fail ? c with { Silenced = mark } : c)] })],
        };
    }

    [Fact]
    public void Json_has_a_silenced_object_beside_the_real_status()
    {
        using var json = JsonDocument.Parse(JsonReportWriter.ToJson(Report(new SilenceMark(SilenceMark.Maintenance, "migration-1.4", Until))));
        var checks = json.RootElement.GetProperty("environments")[0].GetProperty("checks").EnumerateArray().ToList();

        var silenced = Assert.Single(checks, c => c.TryGetProperty("silenced", out _));
        Assert.Equal("fail", silenced.GetProperty("status").GetString());
        var mark = silenced.GetProperty("silenced");
        Assert.Equal("maintenance", mark.GetProperty("kind").GetString());
        Assert.Equal("migration-1.4", mark.GetProperty("name").GetString());
        Assert.Equal(Until, mark.GetProperty("until").GetDateTimeOffset());
        Assert.Equal("fail", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void Text_marks_the_check_line_and_keeps_its_status()
    {
        var output = new StringWriter();
        new ConsoleReportWriter(output, useColor: false).Write(Report(new SilenceMark(SilenceMark.Silence, "a1b2c3d4", Until, "deploy 1.4.2")));

        var line = Assert.Single(output.ToString().Split('\n'), l => l.Contains("[silenced:", StringComparison.Ordinal));
        Assert.Contains("FAIL", line, StringComparison.Ordinal);
        Assert.Contains("[silenced: silence a1b2c3d4 until 2026-12-06 01:00 UTC]", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_marks_the_status_cell_and_escapes_the_name()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(Report(new SilenceMark(SilenceMark.Maintenance, "db|patch @team", Until)));

        var row = Assert.Single(markdown.Split('\n'), l => l.Contains("silenced", StringComparison.Ordinal));
        Assert.Contains("fail 🔕 silenced: maintenance db\\|patch", row, StringComparison.Ordinal);
        Assert.Contains("until 2026-12-06 01:00 UTC", row, StringComparison.Ordinal);
        Assert.DoesNotContain(" @team", row, StringComparison.Ordinal);
    }
}
