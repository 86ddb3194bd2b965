# One image for the API (and, from the events issue on, the worker).
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY domain ./domain
COPY application ./application
COPY adapters ./adapters
COPY composition ./composition
COPY tsconfig.json ./
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
EXPOSE 3000
CMD ["node", "--import", "tsx", "composition/main-api.ts"]
