#pragma once
// An eval-mode nn::Sequential compiled for decoding a frozen model: batch norm folded into the
// linear or transposed convolution before it, weights stored once in the chosen precision, and
// bf16 transposed convolutions run as one GEMM plus shifted adds (LibTorch 1.13's oneDNN refuses
// bf16 transposed convolutions). Never used for training: the weights are copies.
#include <torch/torch.h>

#include <optional>
#include <vector>

namespace vlae {

class FusedSequential {
 public:
  // nullopt when `seq` holds a module this compiler does not know; callers keep the module path.
  static std::optional<FusedSequential> compile(torch::nn::Sequential& seq, torch::ScalarType dtype);
  // x in any floating type; the result is in the compiled dtype (float32 after an fp32-only layer).
  torch::Tensor forward(torch::Tensor x) const;
  torch::ScalarType dtype() const { return dtype_; }

 private:
  struct Op {
    enum class Kind { Linear, Deconv, Relu, LeakyRelu, Flatten, Unflatten } kind;
    torch::Tensor weight, bias;  // Linear: [out, in]. Deconv: [in, out, k, k] (fp32 path) or [in, k*k*out] (GEMM path)
    int64_t stride = 1, padding = 0, kernel = 1, out_channels = 0;
    bool gemm = false;       // Deconv through GEMM + the taps' sum (deconv_taps)
    bool relu = false;       // Deconv (gemm): the ReLU that followed it, applied in the taps' sum
    bool gemv = false;       // Linear: one or two rows through linear_rows_bf16
    torch::Tensor bias_f32;  // Linear: the bias before rounding to the compiled dtype; Deconv (gemm): its bias
    double slope = 0;
    std::vector<int64_t> shape;  // Unflatten: the sizes that replace dim 1
  };
  torch::Tensor deconv_gemm(const Op& op, const torch::Tensor& x) const;

  std::vector<Op> ops_;
  torch::ScalarType dtype_ = torch::kFloat32;
};

}  // namespace vlae
