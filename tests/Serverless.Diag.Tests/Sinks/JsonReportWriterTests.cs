using System.Text.Json;
using Serverless.Diag.Sinks.Json;

namespace Serverless.Diag.Tests.Sinks;

public class JsonReportWriterTests
{
    [Fact]
    public void Writes_the_contract_fields_in_order()
    {
        using var json = JsonDocument.Parse(JsonReportWriter.ToJson(ReportFixtures.Failing()));
        var root = json.RootElement;

        Assert.Equal(["schemaVersion", "tool", "version", "startedAt", "durationMs", "status", "environments", "summary"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("serverless-diag", root.GetProperty("tool").GetString());
        Assert.Equal("fail", root.GetProperty("status").GetString());
        Assert.Equal("2026-11-23T10:00:00.0000000+00:00", root.GetProperty("startedAt").GetString());

        var checks = root.GetProperty("environments")[0].GetProperty("checks");
        var health = checks[0];
        Assert.Equal(["name", "type", "status", "severity", "durationMs", "measurements", "assertions", "error", "evidence", "hints"], health.EnumerateObject().Select(p => p.Name));
        Assert.Equal(200, health.GetProperty("measurements").GetProperty("status").GetDouble());
        Assert.Equal(12.5, health.GetProperty("measurements").GetProperty("latency").GetDouble());
        var assertion = health.GetProperty("assertions")[0];
        Assert.Equal("status == 200", assertion.GetProperty("expression").GetString());
        Assert.True(assertion.GetProperty("passed").GetBoolean());
        Assert.Equal("200", assertion.GetProperty("actual").GetString());
        Assert.Equal("fail", assertion.GetProperty("level").GetString());
        Assert.Equal(JsonValueKind.Null, health.GetProperty("error").ValueKind);

        Assert.Equal("refused", checks[2].GetProperty("error").GetProperty("cause").GetString());
        Assert.Equal("skipped", checks[3].GetProperty("status").GetString());
        Assert.Equal("dependency 'db' is error", checks[3].GetProperty("skipReason").GetString());

        var summary = root.GetProperty("summary");
        Assert.Equal([4, 1, 0, 1, 1, 1], new[] { "total", "pass", "warn", "fail", "error", "skipped" }.Select(k => summary.GetProperty(k).GetInt32()));
    }

    [Fact]
    public void Target_text_is_escaped_not_broken()
    {
        var text = JsonReportWriter.ToJson(ReportFixtures.Failing("\"quoted\"\n</script>\u0001"));

        using var json = JsonDocument.Parse(text);
        var evidence = json.RootElement.GetProperty("environments")[0].GetProperty("checks")[1].GetProperty("evidence")[0];
        Assert.Equal("\"quoted\"\n</script>\u0001", evidence.GetProperty("content").GetString());
    }
}
