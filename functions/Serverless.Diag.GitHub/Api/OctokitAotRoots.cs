using Octokit;

namespace Serverless.Diag.GitHub.Api;

/// <summary>
/// Octokit reads its JSON by reflection and creates each <see cref="StringEnum{TEnum}"/> (a struct) with
/// <c>Activator.CreateInstance(type, text)</c>. Native AOT compiles a struct's generic instantiation only where code
/// uses it, so the command line's binary would fail on the first issue it reads ("No parameterless constructor defined
/// for type StringEnum`1[ItemState]"). These are every instantiation in the models the product reads (issues,
/// comments, reactions, repository contents, errors and what they contain); a unit test walks those models and fails
/// when an Octokit upgrade adds one that is missing here. AotGitHubTests runs every call in the binary.
/// </summary>
internal static class OctokitAotRoots
{
    // Any non-empty text: the value is never read; what matters is that each constructor is compiled.
    public static readonly IReadOnlyList<object> Instances =
    [
        new StringEnum<AuthorAssociation>("unknown"),
        new StringEnum<ContentType>("unknown"),
        new StringEnum<ItemState>("unknown"),
        new StringEnum<ItemStateReason>("unknown"),
        new StringEnum<LockReason>("unknown"),
        new StringEnum<MergeableState>("unknown"),
        new StringEnum<ReactionType>("unknown"),
        new StringEnum<TeamPrivacy>("unknown"),
    ];
}
