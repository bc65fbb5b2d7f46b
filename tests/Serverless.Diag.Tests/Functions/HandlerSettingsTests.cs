using Serverless.Diag.Functions.Hosting;

namespace Serverless.Diag.Tests.Functions;

public sealed class HandlerSettingsTests
{
    [Fact]
    public void Under_the_host_listens_on_loopback_at_the_custom_handler_port_with_defaults()
    {
        var settings = From([], new() { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "41234" });

        Assert.Equal(["http://127.0.0.1:41234"], settings.Urls);
        Assert.Equal(Path.Combine("/app", "diag.yaml"), settings.ConfigPath);
        Assert.Equal("0 */5 * * * *", settings.Schedule);
        Assert.False(settings.Standalone);
        Assert.Null(settings.ApiKey);
    }

    [Fact]
    public void Falls_back_to_the_http_worker_port_and_resolves_the_config_against_the_script_root()
    {
        var settings = From([], new()
        {
            ["FUNCTIONS_HTTPWORKER_PORT"] = "5000",
            ["AzureWebJobsScriptRoot"] = "/home/site/wwwroot",
            ["DIAG_CONFIG"] = "config/prod.yaml",
            ["DIAG_SCHEDULE"] = "0 0 * * * *",
        });

        Assert.Equal(["http://127.0.0.1:5000"], settings.Urls);
        Assert.Equal("/home/site/wwwroot/config/prod.yaml", settings.ConfigPath);
        Assert.Equal("0 0 * * * *", settings.Schedule);
    }

    [Fact]
    public void Standalone_uses_its_own_urls_and_key()
    {
        var settings = From(["--standalone"], new() { ["DIAG_URLS"] = "http://0.0.0.0:8080", ["DIAG_API_KEY"] = "k3y-value" });

        Assert.True(settings.Standalone);
        Assert.Equal(["http://0.0.0.0:8080"], settings.Urls);
        Assert.Equal("k3y-value", settings.ApiKey);
    }

    [Theory]
    [InlineData(new string[0], null, "FUNCTIONS_CUSTOMHANDLER_PORT is not set")]
    [InlineData(new string[0], "http", "not a port number")]
    [InlineData(new[] { "--verbose" }, "7071", "unknown argument '--verbose'")]
    public void Unusable_settings_say_what_is_wrong(string[] args, string? port, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => From(args, new() { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static HandlerSettings From(string[] args, Dictionary<string, string?> environment) =>
        HandlerSettings.From(args, name => environment.GetValueOrDefault(name), "/app");
}
