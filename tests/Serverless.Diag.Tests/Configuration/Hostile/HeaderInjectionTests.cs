using Serverless.Diag.Running;
using Serverless.Diag.TestKit.Secrets;

namespace Serverless.Diag.Tests.Configuration.Hostile;

/// <summary>
/// A line break (or another control character) in a header value would end the header and let the rest write headers
/// of its own choosing. Every place a request header is built from the config, written literally or arriving through
/// <c>${env:...}</c>, refuses it at load with a position, and never shows the value.
/// </summary>
public class HeaderInjectionTests
{
    // Upper case, digits and symbols around the break: any run of it in a message is an echo of the value.
    private const string Injected = "QX7#TOKEN9\r\nX-Forged: 1";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Check type, the lines that put the value in a header, and the line that carries it.</summary>
    public static TheoryData<string, string, int> Places() => new()
    {
        { "http", "    headers: { X-Api-Key: \"${env:VALUE}\" }\n", 6 },
        { "http", "    auth: { type: bearer, token: \"${env:VALUE}\" }\n", 6 },
        { "http", "    auth:\n      type: header\n      name: X-Api-Key\n      value: \"${env:VALUE}\"\n", 9 },
        { "http-load", "    requests: 10\n    headers: { Authorization: \"Bearer ${env:VALUE}\" }\n", 7 },
        { "websocket", "    headers: { X-Api-Key: \"${env:VALUE}\" }\n", 6 },
        { "websocket", "    auth: { type: bearer, token: \"${env:VALUE}\" }\n", 6 },
        { "metrics", "    values: { errors: sum(x) }\n    auth: { type: bearer, token: \"${env:VALUE}\" }\n", 7 },
        { "prometheus", "    query: up\n    auth: { type: header, name: X-Key, value: \"${env:VALUE}\" }\n", 7 },
    };

    [Theory]
    [MemberData(nameof(Places))]
    public void A_line_break_arriving_through_the_environment_is_refused_at_the_header_and_not_shown(string type, string lines, int line)
    {
        var outcome = ConfigValidation.ValidateWithin(Config(type, lines), Patience, PlanMode.Run, name => name == "VALUE" ? Injected : null);

        var error = ConfigValidation.AssertRefused(outcome, "control character");
        Assert.Equal(line, error.Mark.Line);
        SecretLeaks.AssertAbsent(outcome.Describe(), ["QX7#TOKEN9", "X-Forged"]);
    }

    [Theory]
    [InlineData("\\r\\nX-Forged: 1")]
    [InlineData("\\nX-Forged: 1")]
    [InlineData("\\rX-Forged: 1")]
    [InlineData("\\0")]
    [InlineData("\\x7f")]
    [InlineData("\\x85")]
    public void A_control_character_written_in_the_file_is_refused_in_headers_and_in_auth(string escaped)
    {
        var headers = ValidateLiteral("    headers: { X-Api-Key: \"abc" + escaped + "\" }\n");
        var token = ValidateLiteral("    auth: { type: bearer, token: \"abc" + escaped + "\" }\n");
        var value = ValidateLiteral("    auth: { type: header, name: X-Key, value: \"abc" + escaped + "\" }\n");

        foreach (var outcome in new[] { headers, token, value })
        {
            Assert.Equal(6, ConfigValidation.AssertRefused(outcome, "control character").Mark.Line);
        }
    }

    [Fact]
    public void A_tab_and_text_beyond_ASCII_are_ordinary_header_text()
    {
        Assert.Equal(0, ValidateLiteral("    headers: { X-Note: \"a\\tb café\" }\n").ExitCode);
        Assert.Equal(0, ValidateLiteral("    auth: { type: header, name: X-Key, value: \"a\\tb\" }\n").ExitCode);
    }

    [Fact]
    public void An_auth_header_name_that_is_no_token_is_refused()
    {
        var outcome = ValidateLiteral("    auth: { type: header, name: \"X-Key: 1\\r\\nX-Forged\", value: v }\n");

        Assert.Equal(6, ConfigValidation.AssertRefused(outcome, "'auth.name' is not a valid header name").Mark.Line);
    }

    private static ConfigValidation.Outcome ValidateLiteral(string lines) =>
        ConfigValidation.ValidateWithin(Config("http", lines), Patience, PlanMode.Run);

    private static string Config(string type, string lines)
    {
        var scheme = type == "websocket" ? "ws" : "http";
        return $"version: 1\nchecks:\n  - name: target\n    type: {type}\n    url: {scheme}://127.0.0.1:9/x\n" + lines;
    }
}
