using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.IntegrationTests.Cli;
using Serverless.Diag.TestKit.Secrets;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Secrets;

/// <summary>
/// The command line's console logger writes to the process's real stderr, which no in-process harness sees. A metrics
/// target echoes the credentials it was sent into a page the probe refuses, so the debug log carries the refusal (the
/// parser quotes the series); the real process's stderr must show the log line with every form of the secrets masked.
/// </summary>
public sealed class CapturedLogSecretTests : IAsyncLifetime
{
    // Upper case, digits and symbols; the page around them is lower case, so any run of four is a leak.
    private const string Token = "LG7#QZ9!XW2@VR5+M8";
    private const string Password = "LP4$HB6%JN3^GF1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private KestrelTarget _target = null!;

    public async Task InitializeAsync() => _target = await KestrelTarget.StartAsync(app =>
        app.MapGet("/metrics", (HttpRequest request) =>
        {
            // The credential as it came, percent-encoded, base64 and cut short with a marker, as careless pages show them.
            var authorization = request.Headers.Authorization.ToString();
            var credential = authorization.Split(' ', 2)[^1];
            var labels = new StringBuilder()
                .Append("seen=\"").Append(authorization).Append("\",")
                .Append("escaped=\"").Append(Uri.EscapeDataString(credential)).Append("\",")
                .Append("encoded=\"").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(credential))).Append("\",")
                .Append("cut=\"").Append(credential.AsSpan(0, 9)).Append("...\"");

            // The same series twice: the parser refuses the page and quotes the series in its message.
            var page = $"# TYPE echo gauge\necho{{{labels}}} 1\necho{{{labels}}} 1\n";
            return Results.Text(page, "text/plain; version=0.0.4");
        }));

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task The_debug_log_on_the_real_stderr_shows_no_form_of_a_planted_secret()
    {
        var config = CliHarness.WriteConfig($$"""
            version: 1
            checks:
              - name: bearer-metrics
                type: metrics
                url: {{_target.BaseAddress}}metrics
                auth: { type: bearer, token: "${env:API_TOKEN}" }
                values: { up: sum(echo) }
              - name: basic-metrics
                type: metrics
                url: {{_target.BaseAddress}}metrics
                auth: { type: basic, username: svc, password: "${env:DB_PASSWORD}" }
                values: { up: sum(echo) }
            """);
        var environment = new Dictionary<string, string> { ["API_TOKEN"] = Token, ["DB_PASSWORD"] = Password, ["DIAG_VERBOSE"] = "1" };

        var outcome = await CliProcess.RunAsync(Patience, environment, "run", "--config", config, "--format", "json");

        Assert.Equal(1, outcome.ExitCode);

        // The log line is there (so the secret had a way out), masked.
        Assert.Contains("Invalid exposition", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("duplicate sample for series", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("***", outcome.Stderr, StringComparison.Ordinal);
        SecretLeaks.AssertAbsent(outcome.Stderr, [Token, Password, SecretLeaks.Basic("svc", Password)]);
        SecretLeaks.AssertAbsent(outcome.Stdout, [Token, Password, SecretLeaks.Basic("svc", Password)]);
    }
}
