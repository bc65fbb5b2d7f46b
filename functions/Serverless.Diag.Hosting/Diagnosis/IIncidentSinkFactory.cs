using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>Builds the incident sink for one run (it needs the run's config and secrets); null when incidents are not configured.</summary>
public interface IIncidentSinkFactory
{
    /// <param name="environment">The app settings as this run reads them (unresolved Key Vault references read as unset).</param>
    IIncidentSink? Create(DiagConfig config, SecretRedactor secrets, Func<string, string?> environment);
}
