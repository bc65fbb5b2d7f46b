using Serverless.Diag.Assertions;

namespace Serverless.Diag.Probes.Tcp;

/// <summary>
/// Whether the check asserts that something must NOT work (<c>connected == false</c>, <c>resolved != true</c>):
/// then a refused connection or an unknown host is the expected measurement, not an error.
/// </summary>
internal static class NegativeExpectation
{
    public static bool Expects(ProbeContext context, string path) => context.Assertions.Any(line => line.Level == AssertionLevel.Fail && line.Comparisons.Any(a => a.Path == path && !a.Length && a switch
    {
        { Operator: AssertionOperator.Equal, Expected: BoolValue { Value: false } } => true,
        { Operator: AssertionOperator.NotEqual, Expected: BoolValue { Value: true } } => true,
        _ => false,
    }));
}
