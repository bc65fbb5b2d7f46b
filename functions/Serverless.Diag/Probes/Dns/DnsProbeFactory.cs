using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Tcp;

namespace Serverless.Diag.Probes.Dns;

/// <summary>
/// The <c>dns</c> check type: resolves <c>host</c> through the system resolver (A, AAAA or any).
/// An unknown host is an error (cause <c>dns</c>) unless the check asserts <c>resolved == false</c>.
/// </summary>
public sealed class DnsProbeFactory : IProbeFactory
{
    public string Type => "dns";

    public IReadOnlyCollection<string> SettingKeys { get; } = ["host", "record_type"];

    public MeasurementVocabulary Vocabulary => DnsVocabulary.Instance;

    public IProbe? Create(CheckSettings settings)
    {
        var host = HostPortReader.Host(settings);
        var type = settings.Has("record_type") ? settings.Enum<DnsRecordType>("record_type") : DnsRecordType.Any;
        return host is null || type is null ? null : new DnsProbe(host, type.Value);
    }
}

public enum DnsRecordType
{
    Any,
    A,
    Aaaa,
}
