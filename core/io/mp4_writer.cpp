#include "core/io/mp4_writer.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cstring>
#include <memory>

#include "core/common/error.h"
#include "core/io/atomic_file.h"

namespace vlae {

namespace {

// The muxer writes through these callbacks into a string and seeks back to patch sizes.
struct MemoryFile {
  std::string bytes;
  int64_t pos = 0;
};

// FFmpeg 7 made the write callback's buffer const.
#if LIBAVFORMAT_VERSION_MAJOR >= 61
using WriteBuffer = const uint8_t*;
#else
using WriteBuffer = uint8_t*;
#endif

int write_packet(void* opaque, WriteBuffer buf, int size) {
  auto* f = static_cast<MemoryFile*>(opaque);
  const size_t end = size_t(f->pos) + size_t(size);
  if (end > f->bytes.size()) f->bytes.resize(end);
  std::memcpy(f->bytes.data() + f->pos, buf, size_t(size));
  f->pos = int64_t(end);
  return size;
}

int read_packet(void* opaque, uint8_t* buf, int size) {
  auto* f = static_cast<MemoryFile*>(opaque);
  const int64_t left = int64_t(f->bytes.size()) - f->pos;
  if (left <= 0) return AVERROR_EOF;
  const int n = int(std::min<int64_t>(left, size));
  std::memcpy(buf, f->bytes.data() + f->pos, size_t(n));
  f->pos += n;
  return n;
}

int64_t seek(void* opaque, int64_t offset, int whence) {
  auto* f = static_cast<MemoryFile*>(opaque);
  if (whence & AVSEEK_SIZE) return int64_t(f->bytes.size());
  whence &= ~AVSEEK_FORCE;
  const int64_t base = whence == SEEK_CUR ? f->pos : whence == SEEK_END ? int64_t(f->bytes.size()) : 0;
  if (base + offset < 0) return -1;
  f->pos = base + offset;
  return f->pos;
}

void check(int status, const char* what) {
  if (status >= 0) return;
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(status, text, sizeof text);
  throw Error(std::string("MP4 encoder: ") + what + " failed (" + text + ")");
}

struct Encoder {
  AVFormatContext* format = nullptr;
  AVIOContext* io = nullptr;
  AVCodecContext* codec = nullptr;
  SwsContext* scale = nullptr;
  AVFrame* frame = nullptr;
  AVPacket* packet = nullptr;
  ~Encoder() {
    av_packet_free(&packet);
    av_frame_free(&frame);
    sws_freeContext(scale);
    avcodec_free_context(&codec);
    if (io) av_freep(&io->buffer);
    avio_context_free(&io);
    avformat_free_context(format);
  }
};

// Sends `input` (nullptr: flush) and writes every packet the encoder has ready.
void drain(Encoder& e, AVStream* stream, const AVFrame* input) {
  check(avcodec_send_frame(e.codec, input), "sending a frame");
  for (;;) {
    const int got = avcodec_receive_packet(e.codec, e.packet);
    if (got == AVERROR(EAGAIN) || got == AVERROR_EOF) return;
    check(got, "encoding a frame");
    av_packet_rescale_ts(e.packet, e.codec->time_base, stream->time_base);
    e.packet->stream_index = stream->index;
    check(av_interleaved_write_frame(e.format, e.packet), "writing a frame");
  }
}

}  // namespace

std::string mp4_bytes(const std::vector<Image>& frames, int fps) {
  if (frames.empty()) throw Error("MP4 encoder: no frames");
  const int w = frames.front().width, h = frames.front().height;
  for (const Image& f : frames)
    if (f.width != w || f.height != h || (f.channels != 1 && f.channels != 3))
      throw Error("MP4 encoder: frames differ in size or are neither grey nor RGB");
  const int even_w = (w + 1) & ~1, even_h = (h + 1) & ~1;
  fps = std::clamp(fps, 1, 60);

  const AVCodec* h264 = avcodec_find_encoder_by_name("libx264");
  if (!h264) h264 = avcodec_find_encoder(AV_CODEC_ID_H264);
  if (!h264) throw Error("MP4 encoder: this FFmpeg has no H.264 encoder (install libavcodec with libx264)");

  // The encoder's statistics and notes would interleave with the CLI's output; errors are thrown.
  av_log_set_level(AV_LOG_ERROR);
  Encoder e;
  MemoryFile file;
  check(avformat_alloc_output_context2(&e.format, nullptr, "mp4", nullptr), "choosing the mp4 muxer");
  constexpr int kIoBuffer = 1 << 16;
  auto* buffer = static_cast<uint8_t*>(av_malloc(kIoBuffer));
  e.io = avio_alloc_context(buffer, kIoBuffer, 1, &file, read_packet, write_packet, seek);
  if (!e.io) {
    av_free(buffer);
    throw Error("MP4 encoder: out of memory");
  }
  e.format->pb = e.io;
  e.format->flags |= AVFMT_FLAG_CUSTOM_IO;

  e.codec = avcodec_alloc_context3(h264);
  e.codec->width = even_w;
  e.codec->height = even_h;
  e.codec->pix_fmt = AV_PIX_FMT_YUV420P;
  e.codec->time_base = AVRational{1, fps};
  e.codec->framerate = AVRational{fps, 1};
  e.codec->gop_size = fps * 2;
  // No B-frames: the mp4 edit list that reorders them makes some readers drop the last frame.
  e.codec->max_b_frames = 0;
  // One thread: the same frames always give the same bytes.
  e.codec->thread_count = 1;
  if (e.format->oformat->flags & AVFMT_GLOBALHEADER) e.codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  av_opt_set(e.codec->priv_data, "preset", "medium", 0);
  av_opt_set(e.codec->priv_data, "crf", "18", 0);  // small digits stay sharp
  check(avcodec_open2(e.codec, h264, nullptr), "opening the H.264 encoder");

  AVStream* stream = avformat_new_stream(e.format, nullptr);
  if (!stream) throw Error("MP4 encoder: cannot add a video stream");
  stream->time_base = e.codec->time_base;
  check(avcodec_parameters_from_context(stream->codecpar, e.codec), "describing the stream");
  // No edit list: with one, readers end the stream a frame early at some frame rates.
  AVDictionary* options = nullptr;
  av_dict_set(&options, "use_editlist", "0", 0);
  const int header = avformat_write_header(e.format, &options);
  av_dict_free(&options);
  check(header, "writing the header");

  e.frame = av_frame_alloc();
  e.packet = av_packet_alloc();
  e.frame->format = AV_PIX_FMT_YUV420P;
  e.frame->width = even_w;
  e.frame->height = even_h;
  check(av_frame_get_buffer(e.frame, 0), "allocating a frame");
  e.scale = sws_getContext(even_w, even_h, AV_PIX_FMT_RGB24, even_w, even_h, AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr,
                           nullptr, nullptr);
  if (!e.scale) throw Error("MP4 encoder: cannot convert RGB to YUV");
  std::vector<uint8_t> rgb(size_t(even_w) * even_h * 3, 0);
  for (size_t i = 0; i < frames.size(); ++i) {
    const Image& f = frames[i];
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x)
        for (int c = 0; c < 3; ++c) rgb[(size_t(y) * even_w + x) * 3 + c] = f.at(x, y, f.channels == 3 ? c : 0);
    check(av_frame_make_writable(e.frame), "reusing a frame");
    const uint8_t* src[1] = {rgb.data()};
    const int stride[1] = {even_w * 3};
    sws_scale(e.scale, src, stride, 0, even_h, e.frame->data, e.frame->linesize);
    e.frame->pts = int64_t(i);
    drain(e, stream, e.frame);
  }
  drain(e, stream, nullptr);
  check(av_write_trailer(e.format), "writing the index");
  avio_flush(e.io);
  return std::move(file.bytes);
}

void write_mp4(const std::string& path, const std::vector<Image>& frames, int fps) {
  write_file_atomic(path, mp4_bytes(frames, fps));
}

}  // namespace vlae
