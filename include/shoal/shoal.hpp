// The one header a program needs: the whole public API of libshoal.
#pragma once

#include "shoal/command.hpp"
#include "shoal/engine.hpp"
#include "shoal/io.hpp"
#include "shoal/limits.hpp"
#include "shoal/loop.hpp"
#include "shoal/output.hpp"
#include "shoal/quote.hpp"
#include "shoal/result.hpp"
#include "shoal/status.hpp"
