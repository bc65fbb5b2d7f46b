using System.Globalization;
using StackExchange.Redis;

namespace Serverless.Diag.Redis;

/// <summary>
/// Reads the <c>connection</c> setting, either a StackExchange.Redis configuration string (<c>host:6379,password=...,ssl=true</c>)
/// or a URL (<c>redis://user:password@host:6379/0</c>, <c>rediss://</c> for TLS), and makes the probe a good citizen:
/// one interactive connection named serverless-diag, no subscription connection, no tie-breaker key, no retries.
/// </summary>
internal static class RedisConnectionSettings
{
    public const string ClientName = "serverless-diag";

    public static ConfigurationOptions? TryParse(string text, out string? error)
    {
        error = null;
        try
        {
            var options = IsUrl(text) ? FromUrl(text) : ConfigurationOptions.Parse(text);
            if (options.EndPoints.Count == 0)
            {
                error = "the connection names no host";
                return null;
            }

            return options;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or OverflowException)
        {
            error = $"the connection is not a valid Redis configuration string or redis:// URL ({e.Message})";
            return null;
        }
    }

    public static ConfigurationOptions ForProbe(ConfigurationOptions parsed, TimeSpan checkTimeout)
    {
        var options = parsed.Clone();
        var ms = (int)Math.Clamp(checkTimeout.TotalMilliseconds, 1, int.MaxValue);
        options.ClientName = ClientName;
        options.AllowAdmin = true; // INFO and SLOWLOG are admin commands in StackExchange.Redis
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 1;
        options.ConnectTimeout = ms;
        options.SyncTimeout = ms;
        options.AsyncTimeout = ms;
        options.TieBreaker = string.Empty;
        options.ConfigurationChannel = string.Empty;

        // Without SUBSCRIBE the multiplexer opens no second (pub/sub) connection per server.
        options.CommandMap = CommandMap.Create(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE" }, available: false);
        options.SetDefaultPorts();
        return options;
    }

    private static bool IsUrl(string text) =>
        text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase);

    private static ConfigurationOptions FromUrl(string text)
    {
        var uri = new Uri(text);
        var options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        if (options.Ssl)
        {
            options.SslHost = uri.Host;
        }

        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon >= 0 ? uri.UserInfo[..colon] : string.Empty);
            var password = Uri.UnescapeDataString(colon >= 0 ? uri.UserInfo[(colon + 1)..] : uri.UserInfo);
            if (user.Length > 0 && user != "default")
            {
                options.User = user;
            }

            options.Password = password;
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            options.DefaultDatabase = int.Parse(path, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        return options;
    }
}
