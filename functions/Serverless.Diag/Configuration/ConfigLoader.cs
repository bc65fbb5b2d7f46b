#pragma warning disable CS9113 // stub until implemented (lead, next commits)
using Serverless.Diag.Probes;

namespace Serverless.Diag.Configuration;

/// <summary>Reads diag.yaml into a <see cref="DiagConfig"/>, refusing it with every problem at once.</summary>
public sealed partial class ConfigLoader(ProbeRegistry registry)
{
    /// <exception cref="ConfigException">The file is missing or invalid.</exception>
    public DiagConfig Load(string path) => throw new NotImplementedException();

    /// <exception cref="ConfigException">The text is invalid.</exception>
    public DiagConfig Parse(string yaml, string fileName) => throw new NotImplementedException();
}
