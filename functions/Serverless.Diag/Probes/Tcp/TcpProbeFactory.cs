using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.Tcp;

/// <summary>
/// The <c>tcp</c> check type: can a TCP connection be opened? A refused connection is an error (cause
/// <c>refused</c>) unless the check asserts <c>connected == false</c> ("this port must be closed"): then
/// it is simply the measurement <c>connected = false</c>. Either way <c>connected</c> is measured.
/// </summary>
public sealed class TcpProbeFactory : IProbeFactory
{
    public string Type => "tcp";

    public IReadOnlyCollection<string> SettingKeys { get; } = ["host", "port"];

    public MeasurementVocabulary Vocabulary => TcpVocabulary.Instance;

    public IProbe? Create(CheckSettings settings)
    {
        var host = HostPortReader.Host(settings);
        var port = HostPortReader.Port(settings, fallback: null);
        return host is null || port is null ? null : new TcpProbe(host, port.Value);
    }
}
