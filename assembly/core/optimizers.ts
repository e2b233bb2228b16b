// Optimizer updates (contract: src/kernels/core.ts, rmspropUpdate … adagradUpdate): one pass
// over a weight, its gradient and its state slots, 4 lanes at a time, then a scalar tail.
// Pointers are element offsets; a slot pointer of -1 turns its option off. The option
// branches sit outside the loops so each loop body is straight-line SIMD. ρ and β arrive as
// float64 so that 1 − ρ and 1 − β are computed before rounding to float32 (1 − f32(0.999) is
// off by 1.3e-5 relative). The arguments are exactly the Kernels methods', so worker threads
// can run these exports directly (src/threads).

// @ts-ignore: decorator
@inline function addr(offset: i32): usize {
  return <usize>offset << 2;
}

export function rmspropUpdate(
  w: i32, g: i32, v: i32, m: i32, a: i32, n: i32,
  lr: f32, rhoF64: f64, momentum: f32, epsilon: f32,
): void {
  const rho = <f32>rhoF64;
  const oneMinusRho = <f32>(1.0 - rhoF64);
  const pw = addr(w), pg = addr(g), pv = addr(v), pm = addr(m), pa = addr(a);
  const hasM = m >= 0, hasA = a >= 0;
  const vRho = f32x4.splat(rho), vOne = f32x4.splat(oneMinusRho), vLr = f32x4.splat(lr);
  const vMu = f32x4.splat(momentum), vEps = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = addr(i);
    const grad = v128.load(pg + o);
    const vi = f32x4.add(f32x4.mul(vRho, v128.load(pv + o)), f32x4.mul(f32x4.mul(vOne, grad), grad));
    v128.store(pv + o, vi);
    let denom = f32x4.add(vi, vEps);
    if (hasA) {
      const ai = f32x4.add(f32x4.mul(vRho, v128.load(pa + o)), f32x4.mul(vOne, grad));
      v128.store(pa + o, ai);
      denom = f32x4.add(f32x4.sub(vi, f32x4.mul(ai, ai)), vEps);
    }
    let inc = f32x4.div(f32x4.mul(vLr, grad), f32x4.sqrt(denom));
    if (hasM) {
      inc = f32x4.add(f32x4.mul(vMu, v128.load(pm + o)), inc);
      v128.store(pm + o, inc);
    }
    v128.store(pw + o, f32x4.sub(v128.load(pw + o), inc));
  }
  for (; i < n; i++) {
    const o = addr(i);
    const grad = load<f32>(pg + o);
    const vi = rho * load<f32>(pv + o) + oneMinusRho * grad * grad;
    store<f32>(pv + o, vi);
    let denom = vi + epsilon;
    if (hasA) {
      const ai = rho * load<f32>(pa + o) + oneMinusRho * grad;
      store<f32>(pa + o, ai);
      denom = vi - ai * ai + epsilon;
    }
    let inc = (lr * grad) / Mathf.sqrt(denom);
    if (hasM) {
      inc = momentum * load<f32>(pm + o) + inc;
      store<f32>(pm + o, inc);
    }
    store<f32>(pw + o, load<f32>(pw + o) - inc);
  }
}

export function adamUpdate(
  w: i32, g: i32, m: i32, v: i32, vhat: i32, n: i32,
  alpha: f32, beta1: f64, beta2: f64, epsilon: f32,
): void {
  const pw = addr(w), pg = addr(g), pm = addr(m), pv = addr(v), ph = addr(vhat);
  const amsgrad = vhat >= 0;
  const c1 = <f32>(1.0 - beta1), c2 = <f32>(1.0 - beta2);
  const vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2), vAlpha = f32x4.splat(alpha), vEps = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = addr(i);
    const grad = v128.load(pg + o);
    let mi = v128.load(pm + o);
    mi = f32x4.add(mi, f32x4.mul(f32x4.sub(grad, mi), vc1));
    let vi = v128.load(pv + o);
    vi = f32x4.add(vi, f32x4.mul(f32x4.sub(f32x4.mul(grad, grad), vi), vc2));
    v128.store(pm + o, mi);
    v128.store(pv + o, vi);
    if (amsgrad) {
      vi = f32x4.max(v128.load(ph + o), vi);
      v128.store(ph + o, vi);
    }
    const step = f32x4.div(f32x4.mul(mi, vAlpha), f32x4.add(f32x4.sqrt(vi), vEps));
    v128.store(pw + o, f32x4.sub(v128.load(pw + o), step));
  }
  for (; i < n; i++) {
    const o = addr(i);
    const grad = load<f32>(pg + o);
    let mi = load<f32>(pm + o);
    mi = mi + (grad - mi) * c1;
    let vi = load<f32>(pv + o);
    vi = vi + (grad * grad - vi) * c2;
    store<f32>(pm + o, mi);
    store<f32>(pv + o, vi);
    if (amsgrad) {
      vi = max(load<f32>(ph + o), vi);
      store<f32>(ph + o, vi);
    }
    store<f32>(pw + o, load<f32>(pw + o) - (mi * alpha) / (Mathf.sqrt(vi) + epsilon));
  }
}

export function sgdUpdate(w: i32, g: i32, m: i32, n: i32, lr: f32, momentum: f32, nesterov: i32): void {
  const pw = addr(w), pg = addr(g), pm = addr(m);
  const vLr = f32x4.splat(lr), vMu = f32x4.splat(momentum);
  let i = 0;
  if (m < 0) {
    for (; i + 4 <= n; i += 4) {
      const o = addr(i);
      v128.store(pw + o, f32x4.sub(v128.load(pw + o), f32x4.mul(vLr, v128.load(pg + o))));
    }
    for (; i < n; i++) {
      const o = addr(i);
      store<f32>(pw + o, load<f32>(pw + o) - lr * load<f32>(pg + o));
    }
    return;
  }
  for (; i + 4 <= n; i += 4) {
    const o = addr(i);
    const lrg = f32x4.mul(vLr, v128.load(pg + o));
    const mi = f32x4.sub(f32x4.mul(vMu, v128.load(pm + o)), lrg);
    v128.store(pm + o, mi);
    const delta = nesterov ? f32x4.sub(f32x4.mul(vMu, mi), lrg) : mi;
    v128.store(pw + o, f32x4.add(v128.load(pw + o), delta));
  }
  for (; i < n; i++) {
    const o = addr(i);
    const lrg = lr * load<f32>(pg + o);
    const mi = momentum * load<f32>(pm + o) - lrg;
    store<f32>(pm + o, mi);
    store<f32>(pw + o, load<f32>(pw + o) + (nesterov ? momentum * mi - lrg : mi));
  }
}

export function adagradUpdate(w: i32, g: i32, acc: i32, n: i32, lr: f32, epsilon: f32): void {
  const pw = addr(w), pg = addr(g), pa = addr(acc);
  const vLr = f32x4.splat(lr), vEps = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = addr(i);
    const grad = v128.load(pg + o);
    const a = f32x4.add(v128.load(pa + o), f32x4.mul(grad, grad));
    v128.store(pa + o, a);
    const step = f32x4.div(f32x4.mul(vLr, grad), f32x4.sqrt(f32x4.add(a, vEps)));
    v128.store(pw + o, f32x4.sub(v128.load(pw + o), step));
  }
  for (; i < n; i++) {
    const o = addr(i);
    const grad = load<f32>(pg + o);
    const a = load<f32>(pa + o) + grad * grad;
    store<f32>(pa + o, a);
    store<f32>(pw + o, load<f32>(pw + o) - (lr * grad) / Mathf.sqrt(a + epsilon));
  }
}
