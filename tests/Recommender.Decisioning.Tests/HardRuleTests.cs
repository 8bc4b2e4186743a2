using Recommender.Core.Catalog;
using Recommender.Core.Events;
using Recommender.Decisioning.Rules;

namespace Recommender.Decisioning.Tests;

/// <summary>Each hard rule, one situation that triggers it and one that must not.</summary>
public sealed class HardRuleTests
{
    private static readonly MessageDefinition OtherEmail = new()
    {
        Id = "m2", Category = MessageCategory.Engagement, Channel = "email", GoalEvent = "report_exported",
    };

    private static readonly MessageDefinition OtherPush = new()
    {
        Id = "m3", Category = MessageCategory.Marketing, Channel = "push", GoalEvent = "plan_upgraded",
    };

    private static readonly Dictionary<string, (Action<Scenario> Arrange, string? Rule)> Cases = new()
    {
        ["nothing in the way"] = (_ => { }, null),
        ["unsubscribed from the category"] = (s => s.Add(EventTypes.Unsubscribed, 10, properties: """{"category":"engagement"}"""), RuleIds.Unsubscribed),
        ["unsubscribed from another category"] = (s => s.Add(EventTypes.Unsubscribed, 10, properties: """{"category":"marketing"}"""), null),
        ["unsubscribed from everything"] = (s => s.Add(EventTypes.Unsubscribed, 10), RuleIds.Unsubscribed),
        ["resubscribed after unsubscribing"] = (s => s.Add(EventTypes.Unsubscribed, 10).Add(EventTypes.Resubscribed, 5), null),
        ["transactional ignores unsubscribe"] = (s => { s.Add(EventTypes.Unsubscribed, 10); Transactional(s); }, null),
        ["complained"] = (s => s.Add(EventTypes.Complained, 100), RuleIds.Complained),
        ["transactional after complaint"] = (s => { s.Add(EventTypes.Complained, 100); Transactional(s); }, null),
        ["plan not eligible"] = (s => s.Message = s.Message with { Eligibility = new Eligibility { Plans = ["pro"] } }, RuleIds.EligibilityPlan),
        ["plan eligible"] = (s => s.Message = s.Message with { Eligibility = new Eligibility { Plans = ["free", "pro"] } }, null),
        ["company too small"] = (s => s.Message = s.Message with { Eligibility = new Eligibility { MinCompanySize = 50 } }, RuleIds.EligibilityCompanySize),
        ["company too large"] = (s => s.Message = s.Message with { Eligibility = new Eligibility { MaxCompanySize = 10 } }, RuleIds.EligibilityCompanySize),
        ["required event missing"] = (s => s.Message = s.Message with { Eligibility = new Eligibility { RequiredEvents = ["project_created"] } }, RuleIds.EligibilityRequiredEvent),
        ["required event done"] = (s => { s.Add("project_created", 50); s.Message = s.Message with { Eligibility = new Eligibility { RequiredEvents = ["project_created"] } }; }, null),
        ["excluded event done"] = (s => { s.Add("project_created", 50); s.Message = s.Message with { Eligibility = new Eligibility { ExcludedEvents = ["project_created"] } }; }, RuleIds.EligibilityExcludedEvent),
        ["goal already reached"] = (s => s.Add("task_created", 200), RuleIds.GoalReached),
        ["repeatable goal reached"] = (s => { s.Add("task_created", 200); s.Message = s.Message with { RepeatableGoal = true }; }, null),
        ["goal reached only after the instant"] = (s => s.Add("task_created", -1), null),
        ["trigger not met"] = (s => { Trigger(s); InviteBurst(s, 4, 20); }, RuleIds.TriggerNotMet),
        ["trigger spread over two days"] = (s => { Trigger(s); InviteBurst(s, 3, 30); InviteBurst(s, 3, 10); }, RuleIds.TriggerNotMet),
        ["trigger met"] = (s => { Trigger(s); InviteBurst(s, 5, 20); }, null),
        ["max sends reached"] = (s => { s.Message = s.Message with { MaxSends = 1 }; s.Sent("m1", 300); }, RuleIds.MaxSends),
        ["within cooldown"] = (s => { s.Message = s.Message with { CooldownHours = 48 }; s.Sent("m1", 30); }, RuleIds.Cooldown),
        ["after cooldown"] = (s => { s.Message = s.Message with { CooldownHours = 48 }; s.Sent("m1", 50); }, null),
        ["open ticket"] = (s => s.Add(EventTypes.TicketOpened, 5, properties: """{"ticket_id":"t1"}"""), RuleIds.SupportOpenTicket),
        ["closed ticket"] = (s => s.Add(EventTypes.TicketOpened, 5, properties: """{"ticket_id":"t1"}""").Add(EventTypes.TicketClosed, 2, properties: """{"ticket_id":"t1"}"""), null),
        ["open ticket, service message"] = (s => { s.Add(EventTypes.TicketOpened, 5, properties: """{"ticket_id":"t1"}"""); s.Message = s.Message with { Category = MessageCategory.Service }; }, null),
        ["three tickets in 30 days"] = (s => { for (var i = 0; i < 3; i++) { TicketOpenedAndClosed(s, $"t{i}", 100 + 100 * i); } }, RuleIds.SupportTicketVolume),
        ["three tickets, oldest 31 days ago"] = (s => { TicketOpenedAndClosed(s, "t0", 100); TicketOpenedAndClosed(s, "t1", 200); TicketOpenedAndClosed(s, "t2", 31 * 24 + 5); }, null),
        ["quiet hours in UTC"] = (s => s.Profile = s.Profile with { Timezone = "Etc/GMT-8" }, RuleIds.QuietHours),
        ["quiet hours in Tokyo"] = (s => s.Profile = s.Profile with { Timezone = "Asia/Tokyo" }, RuleIds.QuietHours),
        ["daytime in New York"] = (s => s.Profile = s.Profile with { Timezone = "America/New_York" }, null),
        ["transactional at night"] = (s => { s.Profile = s.Profile with { Timezone = "Asia/Tokyo" }; Transactional(s); }, null),
        ["within the minimum gap"] = (s => { s.OtherMessages = [OtherEmail, OtherPush]; s.Sent("m3", 2); }, RuleIds.MinGap),
        ["daily cap"] = (s => { s.OtherMessages = [OtherEmail, OtherPush]; s.Sent("m3", 5).Sent("m3", 12); }, RuleIds.CapOverall),
        ["weekly cap"] = (s => { s.OtherMessages = [OtherEmail, OtherPush]; foreach (var h in new[] { 30, 60, 90, 120, 150 }) { s.Sent("m3", h); } }, RuleIds.CapOverall),
        ["weekly cap, one send 8 days ago"] = (s => { s.OtherMessages = [OtherEmail, OtherPush]; foreach (var h in new[] { 30, 60, 90, 120, 8 * 24 }) { s.Sent("m3", h); } }, null),
        ["channel cap"] = (s => { s.OtherMessages = [OtherEmail, OtherPush]; s.Policy = s.Policy with { ChannelCaps = new Dictionary<string, FrequencyCap> { ["email"] = new() { PerDay = 1 } } }; s.Sent("m2", 6); }, RuleIds.CapChannel),
        ["channel cap, other channel"] = (s => { s.OtherMessages = [OtherEmail, OtherPush]; s.Policy = s.Policy with { ChannelCaps = new Dictionary<string, FrequencyCap> { ["email"] = new() { PerDay = 1 } } }; s.Sent("m3", 6); }, null),
        ["channel cap, a push variant of an e-mail message"] = (s => { OtherEmailWithPush(s); PushCap(s); s.Message = s.Message with { Channel = "push" }; SentOn(s, "m2", 6, "push"); }, RuleIds.CapChannel),
        ["channel cap, e-mail after a push variant"] = (s => { OtherEmailWithPush(s); EmailCap(s); SentOn(s, "m2", 6, "push"); }, null),
        ["channel cap, a variant the message does not offer"] = (s => { s.OtherMessages = [OtherEmail, OtherPush]; EmailCap(s); SentOn(s, "m2", 6, "push"); }, RuleIds.CapChannel),
        ["category cap"] = (s => { s.OtherMessages = [OtherEmail, OtherPush]; s.Policy = s.Policy with { CategoryCaps = new Dictionary<MessageCategory, FrequencyCap> { [MessageCategory.Engagement] = new() { PerWeek = 1 } } }; s.Sent("m2", 30); }, RuleIds.CapCategory),
        ["transactional bypasses caps"] = (s => { s.OtherMessages = [OtherEmail, OtherPush]; s.Sent("m3", 1).Sent("m3", 5); Transactional(s); }, null),
        ["transactional obeys caps when configured"] = (s => { s.OtherMessages = [OtherEmail, OtherPush]; s.Policy = s.Policy with { TransactionalBypassesCaps = false }; s.Sent("m3", 1); Transactional(s); }, RuleIds.MinGap),
    };

    /// <summary>m2 is an e-mail message that also offers a push variant.</summary>
    private static void OtherEmailWithPush(Scenario s) => s.OtherMessages = [OtherEmail with { Channels = ["email", "push"] }, OtherPush];

    private static void PushCap(Scenario s) =>
        s.Policy = s.Policy with { ChannelCaps = new Dictionary<string, FrequencyCap> { ["push"] = new() { PerDay = 1 } } };

    private static void EmailCap(Scenario s) =>
        s.Policy = s.Policy with { ChannelCaps = new Dictionary<string, FrequencyCap> { ["email"] = new() { PerDay = 1 } } };

    /// <summary>A send of <paramref name="messageId"/> whose <c>message_sent</c> names <paramref name="channel"/>.</summary>
    private static void SentOn(Scenario s, string messageId, double hoursAgo, string channel) =>
        s.Add(EventTypes.MessageSent, hoursAgo, messageId, $$"""{"decision_id":"d0","channel":"{{channel}}"}""");

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_rule_removes_exactly_what_it_should(string name)
    {
        var (arrange, expected) = Cases[name];
        var scenario = new Scenario();
        arrange(scenario);
        var context = new RuleContext(scenario.State(), scenario.Profile, scenario.Catalog, Scenario.Now);

        var suppression = HardRules.Check(context, scenario.Message);

        Assert.Equal(expected, suppression?.Rule);
        if (suppression is not null)
        {
            Assert.False(string.IsNullOrWhiteSpace(suppression.Detail));
            Assert.Equal("m1", suppression.MessageId);
        }
    }

    [Fact]
    public void Channel_requested_by_the_caller_removes_other_channels()
    {
        var scenario = new Scenario();
        var context = new RuleContext(scenario.State(), scenario.Profile, scenario.Catalog, Scenario.Now, requestedChannel: "push");

        Assert.Equal(RuleIds.ChannelMismatch, HardRules.Check(context, scenario.Message)?.Rule);
    }

    [Fact]
    public void Every_rule_has_a_unique_id()
    {
        var ids = HardRules.All.Select(r => r.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private static void Transactional(Scenario s) => s.Message = s.Message with { Category = MessageCategory.Transactional };

    private static void Trigger(Scenario s) => s.Message = s.Message with
    {
        Trigger = new MessageTrigger { EventType = "teammate_invited", Count = 5, WithinHours = 24 },
    };

    private static void InviteBurst(Scenario s, int count, double hoursAgo)
    {
        for (var i = 0; i < count; i++)
        {
            s.Add("teammate_invited", hoursAgo - i * 0.1);
        }
    }

    private static void TicketOpenedAndClosed(Scenario s, string id, double hoursAgo) =>
        s.Add(EventTypes.TicketOpened, hoursAgo, properties: $$"""{"ticket_id":"{{id}}"}""")
            .Add(EventTypes.TicketClosed, hoursAgo - 2, properties: $$"""{"ticket_id":"{{id}}"}""");
}
