using Serverless.Diag.Running;
using Serverless.Diag.TestKit.Secrets;
using Serverless.Diag.Tests.Configuration.Hostile;

namespace Serverless.Diag.Tests.Secrets;

/// <summary>
/// Secrets planted in a config: every one of them is known to the redactor whatever a run selects, and a value that
/// came from a secret is never quoted back in a config error.
/// </summary>
public class PlantedConfigSecretTests
{
    // Upper case, digits and symbols; the config around them is lower case, so any run of four is a leak.
    private const string HeaderToken = "HT4#KX9!QZ2@WM7";
    private const string BearerToken = "BT8%RJ3^NV6&PL1";
    private const string RedisPassword = "RP5*GD2(YH8)CS4";
    private const string UrlPassword = "UP3+FE7=TA9~JB5";
    private const string PostgresPassword = "PG6!MW1#XQ4$KD8";
    private const string ExpectedText = "EX2@LN5%VR8^ZT3";
    private const string WebhookToken = "WT7&HQ2*BN6(CM9";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string> Variables = new()
    {
        ["HEADER_TOKEN"] = HeaderToken,
        ["BEARER_TOKEN"] = BearerToken,
        ["REDIS_URL"] = $"redis://default:{RedisPassword}@127.0.0.1:6379",
        ["EXPECTED"] = ExpectedText,
        ["WEBHOOK_TOKEN"] = WebhookToken,
    };

    private static string Config => $$"""
        version: 1
        environments:
          staging: {}
          production:
            vars: { hook: "https://hooks.example/${env:WEBHOOK_TOKEN}/x" }
        checks:
          - name: selected
            type: http
            url: http://127.0.0.1:9/echo
          - name: api
            type: http
            url: http://127.0.0.1:9/api
            headers: { X-Api-Key: "${env:HEADER_TOKEN}" }
            expect:
              - body contains "${env:EXPECTED}"
          - name: socket
            type: websocket
            url: ws://127.0.0.1:9/ws
            auth: { type: bearer, token: "${env:BEARER_TOKEN}" }
          - name: cache
            type: redis
            connection: ${env:REDIS_URL}
          - name: database
            type: postgres
            environments: [production]
            connection: "Host=127.0.0.1;Username=diag;Password={{PostgresPassword}}"
          - name: admin
            type: http
            environments: [production]
            url: "http://ops:{{UrlPassword}}@127.0.0.1:9/admin"
          - name: hook
            type: http
            environments: [production]
            url: ${hook}
        """;

    public static TheoryData<string[], string[]> Selections() => new()
    {
        { ["selected"], [] },
        { ["selected"], ["staging"] },
        { [], ["staging"] },
        { ["api"], ["staging"] },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public void Every_secret_of_the_config_is_registered_whatever_the_run_selects(string[] checks, string[] environments)
    {
        var filter = new RunFilter { Checks = checks, Environments = environments };
        var outcome = ConfigValidation.Validate(Config, PlanMode.Run, Variables.GetValueOrDefault, filter);

        Assert.True(outcome.Plan is not null, outcome.Describe());
        var secrets = outcome.Plan.Secrets;
        string[] planted = [HeaderToken, BearerToken, RedisPassword, UrlPassword, PostgresPassword, ExpectedText, WebhookToken];

        // What a careless target of the selected check might echo: each secret in the forms it is likely to take.
        var echo = string.Join(" | ", planted.SelectMany(SecretLeaks.Encodings));
        SecretLeaks.AssertAbsent(secrets.Redact(echo), planted);
        SecretLeaks.AssertAbsent(secrets.Excerpt("start " + echo, 60), planted);
    }

    /// <summary>A value that refuses the config, and where it sits, when it came from the environment.</summary>
    public static TheoryData<string, string, string> SecretValues() => new()
    {
        { "    method: ${env:SECRET}\n", "SE7#CR3!T9", "'method' must be an HTTP method" },
        { "    max_body: ${env:SECRET}\n", "SE7#CR3!T9", "'max_body' must be a size" },
        { "    follow_redirects: ${env:SECRET}\n", "SE7#CR3!T9", "'follow_redirects' must be true, false or same-origin" },
        { "    compressed: ${env:SECRET}\n", "SE7#CR3!T9", "'compressed' must be true or false" },
        { "    json: ${env:SECRET}\n", "{\"k\": SE7#CR3!T9}", "'json' is not valid JSON" },
        { "    auth: { type: \"${env:SECRET}\", token: t }\n", "SE7#CR3!T9", "'auth.type' must be one of" },
        { "    headers: { \"${env:SECRET}\": v }\n", "SE7#CR3!T9", "unknown" },
    };

    [Theory]
    [MemberData(nameof(SecretValues))]
    public void A_config_error_about_a_value_from_the_environment_does_not_quote_it(string line, string secret, string expected)
    {
        var yaml = "version: 1\nchecks:\n  - name: target\n    type: http\n    url: http://127.0.0.1:9/x\n" + line;

        var outcome = ConfigValidation.ValidateWithin(yaml, Patience, PlanMode.Run, name => name == "SECRET" ? secret : null);

        Assert.Equal(2, outcome.ExitCode);
        if (expected != "unknown")
        {
            ConfigValidation.AssertRefused(outcome, expected);
        }

        SecretLeaks.AssertAbsent(outcome.Describe(), ["SE7#CR3!T9"]);
    }

    [Fact]
    public void A_url_from_the_environment_that_is_no_URL_is_refused_without_quoting_it()
    {
        var yaml = "version: 1\nchecks:\n  - name: target\n    type: http\n    url: ${env:SECRET}\n  - name: socket\n    type: websocket\n    url: \"${env:SECRET}/ws\"\n";

        var outcome = ConfigValidation.ValidateWithin(yaml, Patience, PlanMode.Run, name => name == "SECRET" ? "ftp:/SE7#CR3!T9 x" : null);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(2, outcome.Errors.Count);
        SecretLeaks.AssertAbsent(outcome.Describe(), ["SE7#CR3!T9"]);
    }
}
