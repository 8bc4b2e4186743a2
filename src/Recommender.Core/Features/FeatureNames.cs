namespace Recommender.Core.Features;

/// <summary>
/// The feature names in vector order. <see cref="FeatureExtractor"/> writes values in exactly this order;
/// the oracle tests look features up by these names, so a drift between the two cannot go unnoticed.
/// </summary>
internal static class FeatureNames
{
    public const string Other = "(other)";

    public static IReadOnlyList<string> Build(FeatureSchema schema)
    {
        var names = new List<string>();

        // Behaviour.
        foreach (var type in schema.BehaviourTypes)
        {
            foreach (var (suffix, _) in FeatureSchema.Windows)
            {
                names.Add($"evt.{type}.count_{suffix}");
            }

            names.Add($"evt.{type}.count_total");
            names.Add($"evt.{type}.days_since_first");
            names.Add($"evt.{type}.days_since_last");
        }

        names.Add("activity.active_days_30d");
        names.Add("activity.days_since_signup");

        // Messaging.
        Windowed(names, "send");
        names.Add("send.hours_since_last");
        foreach (var category in CategoryNames.All)
        {
            Windowed(names, $"send.category.{category}");
        }

        foreach (var channel in schema.Channels)
        {
            Windowed(names, $"send.channel.{channel}");
        }

        names.Add("send.recent_count");
        names.Add("send.recent_open_rate");
        names.Add("send.recent_click_rate");
        names.Add("send.consecutive_unopened");
        names.Add("optout.message_category");
        names.Add("optout.all");
        names.Add("optout.complained");

        // Support and profile.
        names.Add("support.open_tickets");
        names.Add("support.tickets_30d");
        names.Add("support.hours_since_last_ticket");
        names.Add("support.kb_views_7d");
        names.Add("support.kb_views_30d");
        names.Add("profile.company_size");
        names.Add("profile.log_company_size");
        OneHot(names, "profile.plan", schema.Options.Plans);
        foreach (var column in schema.Options.NumericColumns)
        {
            names.Add($"profile.num.{column}");
            names.Add($"profile.num.{column}.present");
        }

        foreach (var vocabulary in schema.Options.CategoricalColumns)
        {
            OneHot(names, $"profile.cat.{vocabulary.Column}", vocabulary.Values);
        }

        // When and where the user engages, as of the decision's local hour and weekday (FeatureSchemaOptions.TimeAndChannel).
        if (schema.Options.TimeAndChannel)
        {
            names.Add("time.local_hour");
            names.Add("time.local_weekday");
            names.Add("time.actions_at_hour_ratio");
            names.Add("time.actions_on_weekday_ratio");
            foreach (var channel in schema.Channels)
            {
                names.Add($"channel.{channel}.open_rate_30d");
                names.Add($"channel.{channel}.click_rate_30d");
            }
        }

        // The message and its crosses with the user.
        foreach (var m in schema.Messages)
        {
            names.Add($"msg.id={m.Id}");
        }

        foreach (var category in CategoryNames.All)
        {
            names.Add($"msg.category={category}");
        }

        OneHot(names, "msg.channel", schema.Channels);
        names.Add("msg.priority");
        names.Add("msg.goal_reached");
        names.Add("msg.goal_count_7d");
        names.Add("msg.goal_count_30d");
        names.Add("msg.sends");
        names.Add("msg.hours_since_last_send");

        // The message's own attributes (catalog features): absent, and the schema unchanged, for a catalog without them.
        foreach (var column in schema.MessageNumeric)
        {
            names.Add($"msg.num.{column}");
            names.Add($"msg.num.{column}.present");
        }

        foreach (var (column, values) in schema.MessageCategorical)
        {
            OneHot(names, $"msg.cat.{column}", values);
        }

        return names;
    }

    private static void Windowed(List<string> names, string prefix)
    {
        foreach (var (suffix, _) in FeatureSchema.Windows)
        {
            names.Add($"{prefix}.count_{suffix}");
        }
    }

    private static void OneHot(List<string> names, string prefix, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            names.Add($"{prefix}={value}");
        }

        names.Add($"{prefix}={Other}");
    }
}
