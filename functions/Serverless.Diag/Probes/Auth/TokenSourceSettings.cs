using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.Auth;

/// <summary>Reading the keys of an <c>auth</c> mapping, shared by every token source type (built in or from a pack).</summary>
public static class TokenSourceSettings
{
    /// <summary>
    /// The non-empty single value of <paramref name="key"/>; null when absent (an error naming <paramref name="typeName"/>
    /// when <paramref name="required"/>) or when it is a list or mapping (an error at that node).
    /// </summary>
    public static ConfigScalar? Text(ConfigMapping auth, string key, CheckSettings settings, string typeName, bool required)
    {
        switch (auth[key])
        {
            case ConfigScalar scalar when scalar.Value.Length > 0:
                return scalar;
            case null or ConfigScalar when required:
                settings.Error(auth, $"'auth' of type {typeName} needs '{key}'");
                return null;
            case null or ConfigScalar:
                return null;
            case var other:
                settings.Error(other, $"'auth.{key}' must be a single value");
                return null;
        }
    }
}
