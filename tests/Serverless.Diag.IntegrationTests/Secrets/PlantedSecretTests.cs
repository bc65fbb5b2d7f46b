using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.IntegrationTests.Cli;
using Serverless.Diag.TestKit.Secrets;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Secrets;

/// <summary>
/// A careless target echoes the credentials it was sent in every form it can (as they came, percent-encoded, JSON-escaped,
/// base64 of user:password) and with a secret placed where the report's excerpts cut (the 2 KB body excerpt, the 200
/// characters of an assertion's actual value). No report format, issue or log may show any of it, whole or cut.
/// </summary>
public sealed class PlantedSecretTests : IAsyncLifetime
{
    // Upper case, digits and symbols; everything the target writes around it is lower case, so any run of it is a leak.
    private const string Token = "TK7#QZ9!XW2@VR5+LM8";
    private const string Password = "PW4$HB6%JN3^GF1";
    private const string ApiKey = "AK2&DS5*CV8(NM4";
    private KestrelTarget _target = null!;

    public async Task InitializeAsync() => _target = await KestrelTarget.StartAsync(app =>
        app.MapGet("/leaky", (HttpRequest request, HttpResponse response, int at) =>
        {
            var query = request.QueryString.Value ?? string.Empty;
            var echo = new StringBuilder("{\"seen\": {")
                .Append("\"authorization\": \"").Append(request.Headers.Authorization).Append("\", ")
                .Append("\"key\": \"").Append(request.Headers["X-Api-Key"]).Append("\", ")
                .Append("\"query\": \"").Append(query).Append("\", ")
                .Append("\"json\": ").Append(System.Text.Json.JsonSerializer.Serialize(request.Headers["X-Api-Key"].ToString())).Append("}, ")
                .Append("\"filler\": \"");
            while (echo.Length < at)
            {
                echo.Append('z');
            }

            // The token again, placed so that the cut at 'at' falls inside it.
            echo.Length = at - 6;
            echo.Append(Token).Append(new string('y', 4000)).Append("\"}");
            response.Headers["X-Echo-Authorization"] = request.Headers.Authorization.ToString();
            response.Headers["X-Echo-Query"] = query;
            return Results.Text(echo.ToString(), "application/json", statusCode: 500);
        }));

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [Fact]
    public async Task A_secret_echoed_in_any_form_and_cut_anywhere_appears_in_no_output_format_nor_in_the_issues()
    {
        var checks = new StringBuilder();
        foreach (var at in new[] { 200, 2048, 2045, 2050 })
        {
            checks.Append($"""
                  - name: leaky-{at}
                    type: http
                    url: "{_target.BaseAddress}leaky?at={at}&token=${"{"}env:API_TOKEN{"}"}"
                    auth: {"{"} type: basic, username: svc, password: "${"{"}env:DB_PASSWORD{"}"}" {"}"}
                    headers: {"{"} X-Api-Key: "${"{"}env:API_KEY{"}"}" {"}"}
                    expect:
                      - status == 200
                      - body contains "all good"

                """);
        }

        var config = CliHarness.WriteConfig("version: 1\nenvironments:\n  staging: {}\nchecks:\n" + checks);
        var env = new Dictionary<string, string> { ["API_TOKEN"] = Token, ["DB_PASSWORD"] = Password, ["API_KEY"] = ApiKey };

        var outputs = await CliHarness.EveryOutputAsync(env, config, exitCode: 1);

        // The evidence is there, masked: the echo and the body excerpt were shown.
        var json = outputs[2];
        Assert.Contains("X-Echo-Authorization", json, StringComparison.Ordinal);
        Assert.Contains("zzzz", json, StringComparison.Ordinal);
        foreach (var output in outputs)
        {
            SecretLeaks.AssertAbsent(output, [Token, Password, ApiKey, SecretLeaks.Basic("svc", Password)]);
        }
    }
}
