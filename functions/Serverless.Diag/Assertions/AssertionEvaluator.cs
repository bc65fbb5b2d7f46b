using Serverless.Diag.Probes;

namespace Serverless.Diag.Assertions;

/// <summary>Evaluates an assertion against measurements, recording the actual value. PLACEHOLDER: being implemented.</summary>
public static class AssertionEvaluator
{
    public static AssertionResult Evaluate(Assertion assertion, Measurements measurements)
    {
        throw new NotImplementedException();
    }
}
