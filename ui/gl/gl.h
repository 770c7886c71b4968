#pragma once
// The GL 3.3 core entry points ui/ calls. libGL on Linux (glvnd) exports every core function, so
// the prototypes from glext.h are enough and no loader library is needed.
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
