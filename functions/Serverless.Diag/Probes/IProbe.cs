namespace Serverless.Diag.Probes;

/// <summary>
/// Measures one check in one environment. It never throws for a target's fault: refused, timeout,
/// DNS, TLS, auth and garbage become a <see cref="ProbeResult"/> with a <see cref="ProbeError"/>.
/// (The runner still catches anything that escapes, so one probe's bug cannot stop a run.)
/// </summary>
public interface IProbe
{
    Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken);
}
