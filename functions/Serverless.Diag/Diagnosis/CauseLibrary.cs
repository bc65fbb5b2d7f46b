using Serverless.Diag.Diagnosis.Rules;

namespace Serverless.Diag.Diagnosis;

/// <summary>The built-in rules, distilled from the five troubleshooting guides and the failures their stacks produce.</summary>
public static class CauseLibrary
{
    public static IReadOnlyList<CauseRule> BuiltIn { get; } =
    [
        new PoolExhaustionRule(),
        new LockContentionRule(),
        new CacheAtMaxMemoryRule(),
        new ExpiredCertificateRule(),
        new MissingDnsRecordRule(),
        new TokenRejectedRule(),
        new CorsPreflightRule(),
        new UpstreamDownRule(),
        new CircuitOpenRule(),
        new ApplicationExceptionRule(),
    ];
}
