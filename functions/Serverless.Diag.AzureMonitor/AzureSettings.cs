using System.Text.RegularExpressions;
using System.Xml;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.AzureMonitor;

/// <summary>Settings both Azure Monitor checks read the same way: endpoint, audience, resource ids, ISO 8601 durations.</summary>
internal static partial class AzureSettings
{
    /// <summary>The service endpoint; sovereign clouds (and tests) point it elsewhere.</summary>
    public static Uri? Endpoint(CheckSettings settings, string defaultEndpoint)
    {
        var text = settings.String("endpoint") ?? defaultEndpoint;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
        {
            return uri;
        }

        // Azure.Core's bearer-token policy refuses to send a token over plain http, and so do we.
        settings.Error(settings.Node("endpoint")!, $"'endpoint' must be an https:// URL, not '{text}'");
        return null;
    }

    /// <summary>The token audience: as written, else the endpoint itself (right for the public and sovereign clouds).</summary>
    public static Uri? Audience(CheckSettings settings, Uri? endpoint)
    {
        var text = settings.String("audience");
        if (text is null)
        {
            return endpoint;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
        {
            return uri;
        }

        settings.Error(settings.Node("audience")!, $"'audience' must be an https:// URL such as https://api.loganalytics.io, not '{text}'");
        return null;
    }

    /// <summary>A resource id, normalised to start with '/': <c>/subscriptions/{id}/resourceGroups/{rg}/providers/...</c>.</summary>
    public static string? ResourceId(CheckSettings settings, string key, bool required)
    {
        var text = settings.String(key, required);
        if (text is null)
        {
            return null;
        }

        var id = "/" + text.Trim().Trim('/');
        if (!ResourceIdPattern().IsMatch(id))
        {
            settings.Error(settings.Node(key)!, $"'{key}' must be an Azure resource id such as /subscriptions/<id>/resourceGroups/<group>/providers/<type>/<name>");
            return null;
        }

        return id;
    }

    /// <summary>A config duration (<c>1h</c>, <c>30m</c>) in ISO 8601 as the REST APIs want it (<c>PT1H</c>).</summary>
    public static string? IsoDuration(CheckSettings settings, string key, TimeSpan? fallback = null)
    {
        var duration = settings.Has(key) ? settings.Duration(key) : fallback;
        if (duration is { } d && d <= TimeSpan.Zero)
        {
            settings.Error(key, $"'{key}' must be above zero");
            return null;
        }

        return duration is { } value ? XmlConvert.ToString(value) : null;
    }

    [GeneratedRegex("^/subscriptions/[^/]+(/resource[Gg]roups/[^/]+(/providers/.+)?)?$")]
    private static partial Regex ResourceIdPattern();
}
