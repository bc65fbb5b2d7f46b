using Serverless.Diag.Probes.Http;

using Serverless.Diag.TestKit.Probes;

namespace Serverless.Diag.Tests.Probes;

public sealed class HttpProbeFactoryTests
{
    private readonly ProbeHarness _harness = new();

    [Fact]
    public void Minimal_settings_take_the_defaults()
    {
        var probe = (HttpProbe?)_harness.Create(new HttpProbeFactory(), new Dictionary<string, object> { ["url"] = "https://api.example.com/health" });

        Assert.Empty(_harness.Diagnostics.Errors);
        var s = probe!.Settings;
        Assert.Equal(HttpMethod.Get, s.Method);
        Assert.Equal(Diag.Probes.Kit.RedirectPolicy.Any, s.FollowRedirects);
        Assert.False(s.InsecureSkipVerify);
        Assert.False(s.Compressed);
        Assert.Equal(1024 * 1024, s.MaxBody);
        Assert.Null(s.Authorization);
        Assert.Null(s.Body);
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_its_own_line()
    {
        var settings = new Dictionary<string, object>
        {
            ["url"] = "ftp://files.example.com",
            ["method"] = "GET /x",
            ["follow_redirects"] = "sometimes",
            ["max_body"] = "huge",
            ["insecure_skip_verify"] = "nope",
            ["compressed"] = "gzip",
            ["headers"] = new Dictionary<string, object> { ["Bad Name"] = "x" },
        };

        var probe = _harness.Create(new HttpProbeFactory(), settings);

        Assert.Null(probe);
        Assert.Equal("'url' must be an absolute http or https URL, not 'ftp://files.example.com'", Assert.Single(_harness.ErrorsAt("url")));
        Assert.Equal("'method' must be an HTTP method such as GET or POST, not 'GET /x'", Assert.Single(_harness.ErrorsAt("method")));
        Assert.Equal("'follow_redirects' must be true, false or same-origin, not 'sometimes'", Assert.Single(_harness.ErrorsAt("follow_redirects")));
        Assert.Equal("'max_body' must be a size such as 512KB or 10MB, not 'huge'", Assert.Single(_harness.ErrorsAt("max_body")));
        Assert.Equal("'insecure_skip_verify' must be true or false, not 'nope'", Assert.Single(_harness.ErrorsAt("insecure_skip_verify")));
        Assert.Equal("'compressed' must be true or false, not 'gzip'", Assert.Single(_harness.ErrorsAt("compressed")));
        Assert.Equal("'Bad Name' is not a valid header name", Assert.Single(_harness.ErrorsAt("headers.Bad Name")));
    }

    [Fact]
    public void A_missing_url_is_reported_on_the_check()
    {
        Assert.Null(_harness.Create(new HttpProbeFactory(), new Dictionary<string, object> { ["method"] = "GET" }, name: "api"));

        var error = Assert.Single(_harness.Diagnostics.Errors);
        Assert.Equal("check 'api' (http) needs 'url'", error.Message);
        Assert.Equal(1, error.Mark.Line);
    }

    [Fact]
    public void Body_and_json_are_exclusive_and_json_text_must_parse()
    {
        Assert.Null(_harness.Create(new HttpProbeFactory(), new Dictionary<string, object> { ["url"] = "http://x.test/", ["body"] = "a", ["json"] = "{}" }));
        Assert.Equal("use either 'body' or 'json', not both", Assert.Single(_harness.ErrorsAt("json")));

        var other = new ProbeHarness();
        Assert.Null(other.Create(new HttpProbeFactory(), new Dictionary<string, object> { ["url"] = "http://x.test/", ["json"] = "{\"a\": }" }));
        Assert.StartsWith("'json' is not valid JSON: ", Assert.Single(other.ErrorsAt("json")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_mapping_as_json_becomes_a_json_body_with_literals()
    {
        var probe = (HttpProbe?)_harness.Create(new HttpProbeFactory(), new Dictionary<string, object>
        {
            ["url"] = "http://x.test/",
            ["method"] = "post",
            ["json"] = new Dictionary<string, object> { ["name"] = "x", ["count"] = 3, ["on"] = true, ["tags"] = new List<object> { "a", "b" } },
        });

        Assert.Equal("POST", probe!.Settings.Method.Method);
        Assert.Equal("application/json", probe.Settings.ContentType);
        Assert.Equal("""{"name":"x","count":3,"on":true,"tags":["a","b"]}""", System.Text.Encoding.UTF8.GetString(probe.Settings.Body!));
    }

    [Theory]
    [InlineData("bearer", "token", "Authorization", "Bearer s3cr3t-token")]
    [InlineData("header", "value", "X-Api-Key", "s3cr3t-token")]
    public void Auth_builds_the_header_and_registers_the_credential_as_a_secret(string type, string key, string header, string expected)
    {
        var auth = new Dictionary<string, object> { ["type"] = type, [key] = "s3cr3t-token" };
        if (type == "header")
        {
            auth["name"] = "X-Api-Key";
        }

        var probe = (HttpProbe?)_harness.Create(new HttpProbeFactory(), new Dictionary<string, object> { ["url"] = "http://x.test/", ["auth"] = auth });

        Assert.Equal(new KeyValuePair<string, string>(header, expected), probe!.Settings.Authorization);
        Assert.Equal($"sent {SecretsMask}", _harness.Secrets.Redact("sent s3cr3t-token"));
    }

    [Fact]
    public void Basic_auth_and_a_password_in_the_url_are_secrets_and_the_url_loses_its_credentials()
    {
        var probe = (HttpProbe?)_harness.Create(new HttpProbeFactory(), new Dictionary<string, object> { ["url"] = "https://svc:p%40ss-word@api.example.com/health" });

        Assert.Equal("https://api.example.com/health", probe!.Settings.Url.ToString());
        var header = probe.Settings.Authorization!.Value;
        Assert.Equal("Authorization", header.Key);
        Assert.Equal($"Basic {Convert.ToBase64String("svc:p@ss-word"u8.ToArray())}", header.Value);
        Assert.Equal(SecretsMask, _harness.Secrets.Redact("p@ss-word"));
        Assert.Equal(SecretsMask, _harness.Secrets.Redact(header.Value));
    }

    [Fact]
    public void Auth_problems_are_reported_with_what_is_missing()
    {
        var settings = new Dictionary<string, object>
        {
            ["url"] = "http://x.test/",
            ["auth"] = new Dictionary<string, object> { ["type"] = "basic", ["username"] = "svc", ["passwd"] = "x" },
        };

        Assert.Null(_harness.Create(new HttpProbeFactory(), settings));

        Assert.Contains("unknown key 'auth.passwd' (expected one of type, token, username, password, name, value)", _harness.ErrorsAt("auth.passwd"));
        Assert.Contains(_harness.Diagnostics.Errors, e => e.Message == "'auth' needs 'password'");

        var other = new ProbeHarness();
        Assert.Null(other.Create(new HttpProbeFactory(), new Dictionary<string, object> { ["url"] = "http://x.test/", ["auth"] = new Dictionary<string, object> { ["type"] = "oauth" } }));
        Assert.Equal("'auth.type' must be one of none, bearer, basic, header, oauth2-client-credentials, not 'oauth'", Assert.Single(other.ErrorsAt("auth.type")));
    }

    [Fact]
    public void Sensitive_headers_are_secrets()
    {
        _harness.Create(new HttpProbeFactory(), new Dictionary<string, object>
        {
            ["url"] = "http://x.test/",
            ["headers"] = new Dictionary<string, object> { ["Cookie"] = "session=abc123", ["X-Request-Id"] = "visible-id" },
        });

        Assert.Equal(SecretsMask, _harness.Secrets.Redact("session=abc123"));
        Assert.Equal("visible-id", _harness.Secrets.Redact("visible-id"));
    }

    private const string SecretsMask = Serverless.Diag.Secrets.SecretRedactor.Mask;
}
