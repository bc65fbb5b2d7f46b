using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Functions.Running;

/// <summary>Builds the incident sink for one run (it needs the run's config and secrets); null when incidents are not configured.</summary>
public interface IIncidentSinkFactory
{
    IIncidentSink? Create(DiagConfig config, SecretRedactor secrets);
}
