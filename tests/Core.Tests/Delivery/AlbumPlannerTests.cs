using StoryBot.Core.Delivery;
using StoryBot.Core.Sources;

namespace StoryBot.Core.Tests.Delivery;

/// <summary>The album planner alone: items and chats in, albums and their upload dependencies out.</summary>
public class AlbumPlannerTests
{
    private static StoryItem Item(string id, int index, StoryGroup? group = null) =>
        new(id, MediaKind.Photo, new Uri($"https://cdn.example/{id}"), DateTimeOffset.FromUnixTimeSeconds(1_762_300_000 + index), index) { Group = group };

    private static List<StoryItem> Items(int count) => Enumerable.Range(0, count).Select(i => Item($"s{i}", i)).ToList();

    [Fact]
    public void A_long_story_goes_out_in_albums_of_ten_in_order()
    {
        var plan = AlbumPlanner.Plan(Items(23), [new DeliveryTarget(1)]);

        Assert.Equal([10, 10, 3], plan.Select(a => a.Items.Count));
        Assert.Equal([1, 2, 3], plan.Select(a => a.Part));
        Assert.All(plan, a => Assert.Equal(3, a.PartCount));
        Assert.Equal(Enumerable.Range(0, 23), plan.SelectMany(a => a.Items));
        Assert.All(plan, a => Assert.Empty(a.WaitsFor));                        // the only chat uploads everything
    }

    [Fact]
    public void Each_highlight_is_its_own_series()
    {
        var lisbon = new StoryGroup("h1", "Lisbon");
        var porto = new StoryGroup("h2", "Porto");
        var items = Enumerable.Range(0, 12).Select(i => Item($"l{i}", i, lisbon)).Append(Item("p0", 0, porto)).ToList();

        var plan = AlbumPlanner.Plan(items, [new DeliveryTarget(1)]);

        Assert.Equal([("Lisbon", 1, 2, 10), ("Lisbon", 2, 2, 2), ("Porto", 1, 1, 1)],
            plan.Select(a => (a.Group!.Title, a.Part, a.PartCount, a.Items.Count)));
    }

    [Fact]
    public void Later_chats_wait_for_the_album_that_uploads_each_of_their_items()
    {
        var items = Items(12);
        var plan = AlbumPlanner.Plan(items,
        [
            new DeliveryTarget(1),
            new DeliveryTarget(2, new HashSet<string> { "s8", "s9", "s10" }),     // spans both of chat 1's albums
            new DeliveryTarget(3, new HashSet<string> { "s11" }),
        ]);

        Assert.Equal([1L, 1L, 2L, 3L], plan.Select(a => a.ChatId));
        Assert.Equal([8, 9, 10], plan[2].Items);
        Assert.Equal([0, 1], plan[2].WaitsFor);
        Assert.Equal([1], plan[3].WaitsFor);
    }

    [Fact]
    public void An_item_only_a_later_chat_wants_is_uploaded_by_that_chat_and_reused_after()
    {
        var items = Items(3);
        var plan = AlbumPlanner.Plan(items,
        [
            new DeliveryTarget(1, new HashSet<string> { "s0" }),
            new DeliveryTarget(2, new HashSet<string> { "s1", "s2" }),
            new DeliveryTarget(3),
        ]);

        Assert.Empty(plan[0].WaitsFor);
        Assert.Empty(plan[1].WaitsFor);                                          // nobody before it has s1 or s2
        Assert.Equal([0, 1], plan[2].WaitsFor);
    }

    [Fact]
    public void Dependencies_only_ever_point_at_earlier_albums()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var items = Items(random.Next(1, 30));
            var targets = Enumerable.Range(1, random.Next(1, 6)).Select(chat => new DeliveryTarget(chat,
                random.Next(3) == 0 ? null : items.Where(_ => random.Next(2) == 0).Select(i => i.Id).ToHashSet())).ToList();

            var plan = AlbumPlanner.Plan(items, targets);

            Assert.All(plan, album => Assert.All(album.WaitsFor, earlier => Assert.True(earlier < album.Number)));
            Assert.All(plan, album => Assert.InRange(album.Items.Count, 1, AlbumPlanner.AlbumSize));
            foreach (var target in targets)
                Assert.Equal(items.Where(target.Wants).Select(i => i.Id), plan.Where(a => a.ChatId == target.ChatId).SelectMany(a => a.Items).Select(i => items[i].Id));
        }
    }

    [Fact]
    public void Nothing_wanted_means_no_albums()
    {
        Assert.Empty(AlbumPlanner.Plan(Items(3), [new DeliveryTarget(1, new HashSet<string>())]));
    }
}
