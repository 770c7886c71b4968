#version 330 core
// Image views: maps stored values to display grey levels through a window, magnifies with
// nearest texels (a model's 28x28 output must stay crisp), and can show |current - reference|
// as a heat map so a slider move's effect is visible at a glance.
in vec2 v_uv;
out vec4 frag_color;

uniform sampler2D u_image;
uniform sampler2D u_reference;
uniform int u_mode;         // 0: image, 1: difference heat map
uniform vec2 u_data_range;  // data values that texel 0.0 and 1.0 stand for: (0,1) or (-1,1)
uniform vec2 u_window;      // data values drawn as black and as white
uniform float u_diff_max;   // difference (in data units) drawn as the hottest colour

vec3 texel(sampler2D tex) {
  ivec2 size = textureSize(tex, 0);
  ivec2 p = clamp(ivec2(floor(v_uv * vec2(size))), ivec2(0), size - 1);
  vec3 stored = texelFetch(tex, p, 0).rgb;
  return mix(vec3(u_data_range.x), vec3(u_data_range.y), stored);
}

// Black -> violet -> red -> orange -> pale yellow: dark means "unchanged".
vec3 heat(float t) {
  const vec3 c0 = vec3(0.00, 0.00, 0.02);
  const vec3 c1 = vec3(0.25, 0.05, 0.45);
  const vec3 c2 = vec3(0.75, 0.15, 0.35);
  const vec3 c3 = vec3(0.97, 0.52, 0.10);
  const vec3 c4 = vec3(0.99, 0.97, 0.70);
  t = clamp(t, 0.0, 1.0) * 4.0;
  if (t < 1.0) return mix(c0, c1, t);
  if (t < 2.0) return mix(c1, c2, t - 1.0);
  if (t < 3.0) return mix(c2, c3, t - 2.0);
  return mix(c3, c4, t - 3.0);
}

void main() {
  vec3 value = texel(u_image);
  if (u_mode == 1) {
    vec3 d = abs(value - texel(u_reference));
    float m = max(d.r, max(d.g, d.b));
    frag_color = vec4(heat(m / max(u_diff_max, 1e-6)), 1.0);
    return;
  }
  float span = max(u_window.y - u_window.x, 1e-6);
  frag_color = vec4(clamp((value - u_window.x) / span, 0.0, 1.0), 1.0);
}
