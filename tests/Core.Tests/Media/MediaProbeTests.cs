using StoryBot.Core.Media.Processing;

namespace StoryBot.Core.Tests.Media;

public class MediaProbeTests
{
    [Fact]
    public void Reads_codecs_dimensions_duration_and_display_matrix_rotation()
    {
        const string json = """
            {"streams":[
              {"index":0,"codec_name":"mjpeg","codec_type":"video","width":320,"height":240,"disposition":{"attached_pic":1}},
              {"index":1,"codec_name":"hevc","codec_type":"video","width":1280,"height":720,"pix_fmt":"yuv420p10le",
               "side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]},
              {"index":2,"codec_name":"aac","codec_type":"audio"}],
             "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"10.033000"}}
            """;
        var probe = MediaProbe.Parse(json);

        Assert.Equal("hevc", probe.VideoCodec);
        Assert.Equal("aac", probe.AudioCodec);
        Assert.Equal((1280, 720), (probe.Width, probe.Height));
        Assert.Equal(10.033, probe.DurationSeconds, 3);
        Assert.Equal(-90, probe.Rotation);
        Assert.True(probe.IsMp4);
        Assert.False(VideoPlan.CanRemux(probe));
    }

    [Fact]
    public void H264_aac_mp4_is_remuxed_but_webm_or_odd_pixel_formats_are_not()
    {
        var h264 = new MediaProbe("mov,mp4,m4a,3gp,3g2,mj2", "h264", "aac", "yuv420p", 720, 1280, 10, 0);
        Assert.True(VideoPlan.CanRemux(h264));
        Assert.True(VideoPlan.CanRemux(h264 with { AudioCodec = null }));
        Assert.False(VideoPlan.CanRemux(h264 with { AudioCodec = "opus" }));
        Assert.False(VideoPlan.CanRemux(h264 with { PixelFormat = "yuv444p" }));
        Assert.False(VideoPlan.CanRemux(h264 with { FormatName = "matroska,webm" }));
        Assert.False(VideoPlan.CanRemux(h264 with { VideoCodec = "vp9" }));
    }
}
