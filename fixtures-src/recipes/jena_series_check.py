# The ETTh1 question of recipes/jena.ts (issue 20 item 3) checked with numpy: per split, the normalised target's
# level and spread, the common-sense baseline's MAE, and a ridge regression of the whole window fitted on the
# training rows. Run: /work/venv/bin/python fixtures-src/recipes/jena_series_check.py (prints; writes nothing).
import numpy as np, gzip, csv
def load_ett(n):
    rows=list(csv.reader(gzip.open(f'/work/shared/data/ett_small/{n}.csv.gz','rt')))[1:]
    return np.array([[float(v) for v in r[1:]] for r in rows],dtype=np.float32)
def windows(d, lo, hi, lookback, delay, step, target):
    idx=np.arange(lo+lookback, hi-delay+1 if hi else len(d)-delay)  # rows
    return idx
def study(name, d, target, lookback, delay, step, trainEnd, valStart, valEnd):
    mean=d[:trainEnd].mean(0); std=d[:trainEnd].std(0); z=(d-mean)/std
    def XY(lo,hi,maxn=None):
        rows=np.arange(lo+lookback, hi-delay)
        X=np.stack([z[r-lookback:r:step].reshape(-1) for r in rows]); y=z[rows+delay-1,target] if False else z[rows+delay,target]
        last=z[rows-1,target]
        return X,y,last,rows
    Xt,yt,lt,_=XY(0,trainEnd); Xv,yv,lv,_=XY(valStart,valEnd)
    base=np.abs(yv-lv).mean()
    # ridge on window
    A=np.c_[Xt,np.ones(len(Xt))]; lam=10.0
    w=np.linalg.solve(A.T@A+lam*np.eye(A.shape[1]),A.T@yt)
    lin=np.abs(np.c_[Xv,np.ones(len(Xv))]@w-yv).mean()
    # ridge predicting the change y-last
    w2=np.linalg.solve(A.T@A+lam*np.eye(A.shape[1]),A.T@(yt-lt))
    lin2=np.abs(np.c_[Xv,np.ones(len(Xv))]@w2+lv-yv).mean()
    print(f'{name}: std(target)={std[target]:.3f}; baseline val MAE {base:.3f}; ridge(window) {lin:.3f}; ridge(delta) {lin2:.3f}; train-baseline {np.abs(yt-lt).mean():.3f}; val target mean {yv.mean():+.2f} sd {yv.std():.2f} (train mean 0 sd 1)')
e=load_ett('ETTh1')
study('ETTh1 OT lb240 d24',e,6,240,24,1,10000,10001,14000)
study('ETTh1 OT lb240 d24 step6',e,6,240,24,6,10000,10001,14000)
e2=load_ett('ETTh2')
study('ETTh2 OT lb240 d24',e2,6,240,24,1,10000,10001,14000)
t=np.array([float(r[1]) for r in list(csv.reader(gzip.open('/work/shared/data/classic_timeseries/daily-min-temperatures.csv.gz','rt')))[1:]],dtype=np.float32)[:,None]
for lb in (30,60):
  study(f'melbourne lb{lb} d1',t,0,lb,1,1,2000,2001,2800)
study('melbourne lb30 d3',t,0,30,3,1,2000,2001,2800)
s=np.array([float(r[1]) for r in list(csv.reader(gzip.open('/work/shared/data/classic_timeseries/monthly-sunspots.csv.gz','rt')))[1:]],dtype=np.float32)[:,None]
study('sunspots lb120 d1',s,0,120,1,1,1600,1601,2200)
study('sunspots lb120 d6',s,0,120,6,1,1600,1601,2200)
study('melbourne lb90 d0',t,0,90,0,1,2000,2001,2800)
