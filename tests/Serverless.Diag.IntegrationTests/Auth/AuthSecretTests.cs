using Serverless.Diag.IntegrationTests.Cli;
using Serverless.Diag.TestKit.Auth;
using Serverless.Diag.TestKit.Secrets;

namespace Serverless.Diag.IntegrationTests.Auth;

/// <summary>
/// Careless targets echo what they were sent: a flow's login password, the token it captured and its session cookie; an API
/// the bearer fetched with a client secret; a token endpoint that writes the (wrong) secret into its error. None of it may
/// appear in any output (console, JSON, Markdown, logs, issue bodies), whole, encoded or cut.
/// </summary>
public sealed class AuthSecretTests : IAsyncLifetime
{
    private const string WrongSecret = "WX5#RONG!SE8@";
    private FlowTarget _api = null!;
    private IdentityProviderFake _idp = null!;

    public async Task InitializeAsync()
    {
        _api = await FlowTarget.StartAsync();
        _idp = await IdentityProviderFake.StartAsync();
        _idp.EchoSecretInErrors = true;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _idp.DisposeAsync();
    }

    [Fact]
    public async Task Planted_client_secrets_login_passwords_and_captured_tokens_appear_in_no_output()
    {
        var flow = _api.BaseAddress.ToString().TrimEnd('/');
        var config = CliHarness.WriteConfig($$"""
            version: 1
            environments:
              staging: {}
            checks:
              - name: leaky-flow
                type: flow
                steps:
                  - name: login
                    method: POST
                    url: {{flow}}/auth/login
                    json: { email: "{{FlowTarget.Email}}", password: "${env:LOGIN_PASSWORD}" }
                    capture: { token: json.access_token }
                  - name: echo
                    url: "{{flow}}/echo?token=${token}"
                    headers: { Authorization: "Bearer ${token}" }
                    expect: [status == 200, body contains "all good"]
              - name: oauth-echo
                type: http
                url: {{_idp.ApiUrl("/api/echo")}}
                auth: { type: oauth2-client-credentials, token_url: "{{_idp.TokenUrl}}", client_id: {{IdentityProviderFake.ClientId}}, client_secret: "${env:CLIENT_SECRET}" }
                expect: [status == 200]
              - name: oauth-refused
                type: http
                url: {{_idp.ApiUrl()}}
                auth: { type: oauth2-client-credentials, token_url: "{{_idp.TokenUrl}}", client_id: {{IdentityProviderFake.ClientId}}, client_secret: "${env:WRONG_SECRET}", client_auth: body }
                expect: [status == 200]
            """);
        var env = new Dictionary<string, string>
        {
            ["LOGIN_PASSWORD"] = FlowTarget.Password,
            ["CLIENT_SECRET"] = IdentityProviderFake.ClientSecret,
            ["WRONG_SECRET"] = WrongSecret,
            ["DIAG_VERBOSE"] = "1",
        };

        var outputs = await CliHarness.EveryOutputAsync(env, config, exitCode: 1);

        // The targets did echo, and the reports show the echoes and the refusal, masked.
        Assert.NotEmpty(_api.IssuedTokens);
        Assert.NotEmpty(_idp.IssuedTokens);
        var json = outputs[2];
        Assert.Contains("invalid_client", json, StringComparison.Ordinal);
        Assert.Contains("seen: Bearer ***", json, StringComparison.Ordinal);
        Assert.Contains("you sent: ***", json, StringComparison.Ordinal);
        foreach (var output in outputs)
        {
            SecretLeaks.AssertAbsent(output, [FlowTarget.Password, IdentityProviderFake.ClientSecret, WrongSecret, .. _api.IssuedTokens, .. _idp.IssuedTokens]);
        }
    }
}
