using Recommender.Core.Catalog;

namespace Recommender.Decisioning.Rules;

/// <summary>
/// A rule no score can override. Each rule looks at one candidate in the decision's context and either lets it
/// through or names why not, in words a support agent could read to the user.
/// </summary>
public interface IHardRule
{
    string Id { get; }

    /// <summary>True when the rule removes <paramref name="message"/>; <paramref name="detail"/> then says why.</summary>
    bool Suppresses(RuleContext context, MessageDefinition message, out string detail);
}
