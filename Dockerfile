# One image for the API and the worker (docker-compose.yml runs the worker with its own command).
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
EXPOSE 3000 3001
CMD ["node", "--import", "tsx", "composition/main-api.ts"]
