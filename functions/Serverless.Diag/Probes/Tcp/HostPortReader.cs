using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.Tcp;

/// <summary>Reads <c>host</c> and <c>port</c>, refusing a URL where a host name belongs.</summary>
internal static class HostPortReader
{
    public static string? Host(CheckSettings settings)
    {
        var host = settings.String("host", required: true)?.Trim();
        if (host is null)
        {
            return null;
        }

        if (host.Length == 0 || host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            settings.Error(settings.Node("host")!, $"'host' must be a host name or an IP address (no scheme, port or path), not '{host}'");
            return null;
        }

        return host;
    }

    /// <returns>The port, <paramref name="fallback"/> when absent, or null when invalid (already reported).</returns>
    public static int? Port(CheckSettings settings, int? fallback)
    {
        if (!settings.Has("port"))
        {
            if (fallback is null)
            {
                settings.Error("port", $"check '{settings.Check.Name}' ({settings.Check.Type}) needs 'port'");
            }

            return fallback;
        }

        return settings.Int("port", min: 1, max: 65535);
    }
}
