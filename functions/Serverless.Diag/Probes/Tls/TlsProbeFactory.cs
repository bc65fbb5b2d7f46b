using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Tcp;

namespace Serverless.Diag.Probes.Tls;

/// <summary>
/// The <c>tls</c> check type: handshakes with <c>host:port</c> accepting any certificate, so an expired or
/// untrusted one is measured (days left, hostname and chain validity) rather than refused.
/// </summary>
public sealed class TlsProbeFactory : IProbeFactory
{
    public string Type => "tls";

    public IReadOnlyCollection<string> SettingKeys { get; } = ["host", "port", "server_name"];

    public MeasurementVocabulary Vocabulary => TlsVocabulary.Instance;

    public IProbe? Create(CheckSettings settings)
    {
        var host = HostPortReader.Host(settings);
        var port = HostPortReader.Port(settings, fallback: 443);
        var serverName = settings.String("server_name")?.Trim();
        if (serverName is { Length: 0 })
        {
            settings.Error(settings.Node("server_name")!, "'server_name' must not be empty");
            return null;
        }

        return host is null || port is null || (settings.Has("server_name") && serverName is null)
            ? null
            : new TlsProbe(host, port.Value, serverName ?? host);
    }
}
